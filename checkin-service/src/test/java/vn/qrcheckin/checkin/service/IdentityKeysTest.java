package vn.qrcheckin.checkin.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The key configuration: the current key under its id, retired keys as "id:base64,..."; a mistake names the property, never the key. */
class IdentityKeysTest {

    private static final String A = b64("a-key-of-exactly-thirty-two-b!!!");
    private static final String B = b64("another-key-of-thirty-two-bytes!");

    @Test
    void theCurrentKeyComesFirstThenTheRetiredOnes() {
        Map<String, byte[]> keys = IdentityProtector.keys("p.key", "2", A, "p.retired", Optional.of(" 1:" + B + " , 0:" + A + ","));
        assertEquals(List.of("2", "1", "0"), List.copyOf(keys.keySet()));
        assertArrayEquals(Base64.getDecoder().decode(B), keys.get("1"));
        assertEquals(List.of("1"), List.copyOf(IdentityProtector.keys("p.key", "1", A, "p.retired", Optional.empty()).keySet()));
    }

    @Test
    void mistakesNameThePropertyAndNeverTheKey() {
        String secretish = "c2VjcmV0LXZhbHVlLW5vdC1iYXNlNjQ_";
        for (Object[] c : new Object[][] {
                { "1", "not base64!", Optional.empty(), "p.key" },
                { "a.b", A, Optional.empty(), "p.key-id" },
                { "1", A, Optional.of("2" + B), "p.retired" },
                { "1", A, Optional.of("2:" + secretish), "p.retired" },
                { "1", A, Optional.of("1:" + B), "given twice" },
                { "1", A, Optional.of("2:" + B + ",2:" + A), "given twice" },
                { "1", A, Optional.of("bad id:" + B), "p.retired" } }) {
            @SuppressWarnings("unchecked")
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> IdentityProtector.keys("p.key", (String) c[0], (String) c[1], "p.retired", (Optional<String>) c[2]));
            assertTrue(e.getMessage().contains((String) c[3]), e.getMessage());
            assertFalse(e.getMessage().contains(B) || e.getMessage().contains(secretish) || e.getMessage().contains(A), e.getMessage());
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
