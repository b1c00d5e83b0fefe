package vn.qrcheckin.contracts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The loop-based normaliser agrees with the rule written as regular expressions, on samples and random input. */
class PhoneNumbersTest {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-()]");
    private static final Pattern NATIONAL = Pattern.compile("0(?:[35789]\\d{8}|2\\d{9})");

    /** The rule as first written (and documented): separators out, +84/84 to 0, then the national form. */
    private static Optional<String> reference(String raw) {
        String digits = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (digits.startsWith("+84")) {
            digits = "0" + digits.substring(3);
        } else if (digits.startsWith("84") && digits.length() >= 11) {
            digits = "0" + digits.substring(2);
        }
        return NATIONAL.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    @Test
    void samples() {
        assertEquals(Optional.of("0912345678"), PhoneNumbers.normalise("+84 912 345 678"));
        assertEquals(Optional.of("0912345678"), PhoneNumbers.normalise("84912345678"));
        assertEquals(Optional.of("0912345678"), PhoneNumbers.normalise(" 0912.345.678 "));
        assertEquals(Optional.of("02438253536"), PhoneNumbers.normalise("(024) 3825-3536"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("0112345678"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("091234567"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("09123456789"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("0912345abc"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("\uff10\uff19\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18"),
                "full-width digits are not digits here");
        assertEquals(Optional.empty(), PhoneNumbers.normalise(null));
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomInput() {
        Random random = new Random(84);
        String alphabet = "0123456789012345678901234567890123456789 .-()+\t\u00018a\u0663";
        for (int i = 0; i < 300_000; i++) {
            StringBuilder b = new StringBuilder();
            switch (i % 3) {
                case 0 -> b.append('0');
                case 1 -> b.append("+84");
                default -> b.append("84");
            }
            int length = 6 + random.nextInt(10);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = random.nextInt(4) == 0 ? "\u0002 " + b + " \u0003" : b.toString();
            assertEquals(reference(raw), PhoneNumbers.normalise(raw), raw);
        }
    }
}
