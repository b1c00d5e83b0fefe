package vn.qrcheckin.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * Rate limits at the edge, counted in Redis: what one instance counts, every instance sees. Small figures here (3 a
 * window per address on the public endpoints, 4 per API client, pc-covid 6) and a window too long to end mid-test.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qrcheckin.gateway.rate-limit.per-address", "3", "qrcheckin.gateway.rate-limit.per-client", "4",
                    "qrcheckin.gateway.rate-limit.clients.pc-covid", "6", "qrcheckin.gateway.rate-limit.window", "P100D");
        }
    }

    private static final long WINDOW_MILLIS = 100L * 24 * 3600 * 1000;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "qrcheckin.redis.key-prefix")
    String prefix;

    @Test
    void thePublicEndpointsAllowSoManyRequestsAnAddressThen429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            given().get("/api/v1/public/non-compliant-venues").then().statusCode(200).body("service", equalTo("venue"));
        }
        Response refused = given().get("/q/some-venue-token");
        refused.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429));
        long retry = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retry >= 1 && retry <= WINDOW_MILLIS / 1000, "seconds until the window ends: " + retry);
        // The count lives in Redis, not in this instance's memory.
        assertEquals("4", redis.value(String.class).get(key("address:127.0.0.1")));
    }

    @Test
    void eachApiClientHasItsOwnBudgetSharedByEveryGatewayInstance() {
        String budgetOfFour = TestTokens.app("bluezone");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(budgetOfFour).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(200);
        }
        // Counted here, told to Redis within a report interval.
        awaitCount("client:bluezone", "2");
        // Another gateway instance served the same client twice: once this one has heard, it refuses the fifth request.
        redis.value(String.class).incrby(key("client:bluezone"), 2);
        sleep(300);
        given().auth().oauth2(budgetOfFour).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // A client with a figure of its own, and another client, are not affected.
        String budgetOfSix = TestTokens.app("pc-covid");
        for (int i = 0; i < 6; i++) {
            given().auth().oauth2(budgetOfSix).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(200);
        }
        given().auth().oauth2(budgetOfSix).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(429);
        given().auth().oauth2(TestTokens.app("ncovi")).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(200);
    }

    private void awaitCount(String who, String expected) {
        long deadline = System.currentTimeMillis() + 5000;
        String seen = null;
        while (System.currentTimeMillis() < deadline && !expected.equals(seen = redis.value(String.class).get(key(who)))) {
            sleep(20);
        }
        assertEquals(expected, seen, who + " in Redis");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String key(String who) {
        return prefix + "gateway:rate:" + who + ":" + System.currentTimeMillis() / WINDOW_MILLIS;
    }
}
