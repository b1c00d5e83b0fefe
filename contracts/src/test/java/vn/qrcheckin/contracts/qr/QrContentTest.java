package vn.qrcheckin.contracts.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The hand-written token extraction agrees with the rule as regular expressions, on samples and random content. */
class QrContentTest {

    private static final Pattern URL = Pattern.compile("^https?://[^/\\s]+/q/([A-Za-z0-9_-]+)/?$");
    private static final Pattern BARE = Pattern.compile("^[A-Za-z0-9_-]+$");

    /** The rule as first written: the token of a check-in URL, or bare token text, else null. */
    private static String reference(String content) {
        String trimmed = content.trim();
        Matcher m = URL.matcher(trimmed);
        if (m.matches()) {
            return m.group(1);
        }
        return BARE.matcher(trimmed).matches() ? trimmed : null;
    }

    private static String extracted(String content) {
        try {
            return QrContent.extractToken(content);
        } catch (InvalidQrTokenException e) {
            return null;
        }
    }

    @Test
    void samples() {
        assertEquals("AbC_-09", QrContent.extractToken("https://qr.example.gov.vn/q/AbC_-09"));
        assertEquals("AbC_-09", QrContent.extractToken(" http://localhost:8082/q/AbC_-09/ \n"));
        assertEquals("AbC_-09", QrContent.extractToken("AbC_-09"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("https://qr.example.gov.vn/x/AbC"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("https://a b/q/AbC"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("https:///q/AbC"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("https://h/q/AbC//"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("https://h/q/"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("ftp://h/q/AbC"));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("   "));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken(null));
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomContent() {
        Random random = new Random(2021);
        String[] starts = {"https://", "http://", "HTTPS://", "https:/", "", " https://", "http://\t", "https://x/q"};
        String alphabet = "aZ9_-/q./: \t\u000bx\u00e9%?";
        for (int i = 0; i < 300_000; i++) {
            StringBuilder b = new StringBuilder(starts[random.nextInt(starts.length)]);
            if (random.nextBoolean()) {
                b.append("qr.example.gov.vn/q/");
            }
            int length = random.nextInt(14);
            for (int k = 0; k < length; k++) {
                b.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : "Ab3_-".charAt(random.nextInt(5)));
            }
            if (random.nextInt(4) == 0) {
                b.append(random.nextBoolean() ? "/" : "/ \n");
            }
            String content = b.toString();
            assertEquals(reference(content), extracted(content), content);
        }
    }
}
