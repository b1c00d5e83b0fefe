package vn.qrcheckin.contracts.checkin;

import java.time.Instant;

/** The few JSON writing steps {@link CheckinEvent#toJson()} needs: escaped strings and ISO-8601 instants. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** {@code ,"name":"value"}, or nothing when the value is null. */
    static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":");
            string(b, value);
        }
    }

    /** A JSON string, escaped as Jackson does (quote, backslash, control characters). */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        // Almost every value (ids, codes, base64) needs no escaping: one bulk copy, not a char at a time.
        if (plain(s)) {
            b.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * A quoted UTC instant as {@link Instant#toString()} (ISO_INSTANT) writes it: seconds always, the fraction
     * in groups of three digits and only when not zero. Dates from year 0 to 9999 (a check-in's are bounded
     * by the retention window); others fall back to the JDK's formatter.
     */
    static void instant(StringBuilder b, Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            b.append('"').append(t).append('"');
            return;
        }
        b.append('"');
        digits(b, (int) year, 4).append('-');
        digits(b, month, 2).append('-');
        digits(b, day, 2).append('T');
        digits(b, secondOfDay / 3600, 2).append(':');
        digits(b, secondOfDay / 60 % 60, 2).append(':');
        digits(b, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(b, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(b, nanos / 1_000, 6);
            } else {
                digits(b, nanos, 9);
            }
        }
        b.append("Z\"");
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** {@code value} in exactly {@code width} digits, zero-padded (width at most 9). */
    private static StringBuilder digits(StringBuilder b, int value, int width) {
        for (int d = POWERS_OF_TEN[width - 1]; d > 0; d /= 10) {
            b.append((char) ('0' + value / d % 10));
        }
        return b;
    }
}
