package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalTime;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Behind the gateway (a trusted proxy: the tests connect from loopback, which the default
 * {@code TRUSTED_PROXIES} trusts) the web check-in page limits each citizen by the address the gateway forwarded,
 * not by the gateway's own address that every citizen shares.
 */
@QuarkusTest
@TestProfile(ForwardedAddressTest.ThreePerMinute.class)
class ForwardedAddressTest {

    /** A small limit; the trusted proxies are the application's defaults. */
    public static class ThreePerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qrcheckin.web.per-minute", "3");
        }
    }

    @Inject
    TestVenues venues;

    /** One web check-in as the gateway relays it: {@code forwardedFor} is the citizen's address, null for none. */
    static int post(String token, String forwardedFor) {
        var request = given().formParam("cid", "fwd-" + UUID.randomUUID()).formParam("phone", "0912345678").formParam("name", "Lê Văn Tám");
        if (forwardedFor != null) {
            request = request.header("X-Forwarded-For", forwardedFor).header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-Host", "qr.example.gov.vn");
        }
        return request.post("/q/" + token).statusCode();
    }

    /** The limiter counts per calendar minute: start a burst early enough in one that it ends in the same one. */
    static void sameMinuteAhead() throws InterruptedException {
        int second = LocalTime.now().getSecond();
        if (second >= 50) {
            Thread.sleep((61 - second) * 1000L);
        }
    }

    static String token(TestVenues venues, String name) {
        long venueId = venues.publish(venues.newVenueId(), name, "ACTIVE", "owner-fwd");
        String qr = venues.qr(venueId);
        return qr.substring(qr.lastIndexOf('/') + 1);
    }

    @Test
    void citizensBehindTheGatewayGetABucketEach() throws InterruptedException {
        String token = token(venues, "Chợ Hôm");
        sameMinuteAhead();
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, post(token, "203.0.113.10"), "check-in " + i + " of the first citizen");
        }
        assertEquals(429, post(token, "203.0.113.10"), "the first citizen's fourth in a minute");
        // Same gateway connection address (loopback), other citizens: their own buckets.
        assertEquals(200, post(token, "203.0.113.11"), "a second citizen behind the same gateway");
        assertEquals(200, post(token, "2001:db8::7"), "a citizen on IPv6 behind the same gateway");
        // Nor is the gateway's own address spent by the citizens it relayed: a direct request has its own bucket.
        assertEquals(200, post(token, null), "a request without forwarded headers, keyed on its own address");
    }
}
