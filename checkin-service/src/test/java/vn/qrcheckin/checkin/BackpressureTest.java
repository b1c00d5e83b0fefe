package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import vn.qrcheckin.contracts.StreamNames;

/** With a tiny backlog bound: backpressure engages when consumers fall behind and releases when they catch up. */
@QuarkusTest
@TestProfile(BackpressureTest.SmallBounds.class)
class BackpressureTest {

    public static class SmallBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qrcheckin.backpressure.max-pending", "20", "qrcheckin.backpressure.check-every", "PT0.1S",
                    "qrcheckin.web.per-minute", "3");
        }
    }

    @Inject
    TestVenues venues;

    @Inject
    RedisDataSource redis;

    @Test
    void engagesAndReleases() {
        long venueId = venues.publish(venues.newVenueId(), "Sân vận động Hà Đông", "ACTIVE", "owner-bp");
        String stream = StreamNames.checkins(venues.prefix(), StreamNames.partitionOf(venueId, 8));
        CheckinTestData.checkin(venues.qr(venueId)).submit().statusCode(202);
        // Consumers stall: the partition's backlog passes the bound.
        for (int i = 0; i < 25; i++) {
            redis.stream(String.class).xadd(stream, Map.of(StreamNames.EVENT_FIELD, "{}"));
        }
        // Sampled every 0.1 s: refused within a few samples, not after a second-long scheduler tick.
        long stalled = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> CheckinTestData.checkin(venues.qr(venueId)).submit().extract().statusCode() == 503);
        long reactionMillis = (System.nanoTime() - stalled) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(reactionMillis < 900, "engaged after " + reactionMillis + " ms");
        CheckinTestData refused = CheckinTestData.checkin(venues.qr(venueId));
        refused.submit().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("5"));
        org.junit.jupiter.api.Assertions.assertTrue(venues.appendedFor(refused.id()).isEmpty());
        // Consumers catch up (they trim what they have processed): accepted again.
        redis.stream(String.class).xtrim(stream, new io.quarkus.redis.datasource.stream.XTrimArgs().maxlen(0));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> CheckinTestData.checkin(venues.qr(venueId)).submit()
                .extract().statusCode() == 202);
    }

    @Test
    void theWebPageIsRateLimitedPerClientAddress() throws InterruptedException {
        long venueId = venues.publish(venues.newVenueId(), "Chợ Mộ Lao", "ACTIVE", "owner-rl");
        String qr = venues.qr(venueId);
        String token = qr.substring(qr.lastIndexOf('/') + 1);
        // The limiter counts per calendar minute: do not start the five requests on a minute's last seconds.
        while (System.currentTimeMillis() % 60_000 > 57_000) {
            Thread.sleep(100);
        }
        int ok = 0;
        int limited = 0;
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int status = given().formParam("cid", "rate-limit-" + i + "-" + venueId).formParam("phone", "0912345678")
                    .post("/q/" + token).then().extract().statusCode();
            statuses.add(status);
            if (status == 429) {
                limited++;
            } else if (status == 200) {
                ok++;
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(3, ok, statuses.toString());
        org.junit.jupiter.api.Assertions.assertEquals(2, limited);
        String retryAfter = given().formParam("cid", "rate-limit-x-" + venueId).formParam("phone", "0912345678").post("/q/" + token)
                .then().statusCode(429).contentType(containsString("text/html")).extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        org.junit.jupiter.api.Assertions.assertTrue(seconds >= 1 && seconds <= 60, retryAfter);
    }
}
