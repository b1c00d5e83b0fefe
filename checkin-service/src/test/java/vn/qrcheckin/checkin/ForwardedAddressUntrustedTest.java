package vn.qrcheckin.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A caller that is not a trusted proxy cannot pick its own bucket by sending X-Forwarded-For: the limiter keys on
 * the connection's address whatever the headers say.
 */
@QuarkusTest
@TestProfile(ForwardedAddressUntrustedTest.LoopbackNotTrusted.class)
class ForwardedAddressUntrustedTest {

    /** The only trusted proxy is an address the tests never connect from (TEST-NET-1), so loopback is untrusted. */
    public static class LoopbackNotTrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qrcheckin.web.per-minute", "3", "quarkus.http.proxy.trusted-proxies", "192.0.2.1/32");
        }
    }

    @Inject
    TestVenues venues;

    @Test
    void aSpoofedForwardedForDoesNotEscapeTheLimit() throws InterruptedException {
        String token = ForwardedAddressTest.token(venues, "Quán nước Bà Tư");
        ForwardedAddressTest.sameMinuteAhead();
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, ForwardedAddressTest.post(token, "198.51.100." + i), "check-in " + i);
        }
        assertEquals(429, ForwardedAddressTest.post(token, "198.51.100.4"), "a fourth with yet another claimed address");
        assertEquals(429, ForwardedAddressTest.post(token, null), "and without the header: the same bucket");
    }
}
