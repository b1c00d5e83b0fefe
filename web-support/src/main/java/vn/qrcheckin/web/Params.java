package vn.qrcheckin.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;


/**
 * Query and path parameters arrive as text and are converted here, so a bad value is a 400 problem naming
 * the parameter (JAX-RS would answer a bare 404).
 */
public final class Params {

    private Params() {
    }

    public static long id(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalid("id", "must be a positive whole number");
    }

    public static long after(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(raw.strip()));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("after", "must be a venue id (the nextAfter of the previous page)");
        }
    }

    public static int intIn(String raw, String name, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }

    public static <E extends Enum<E>> E enumOf(Class<E> type, String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    public static String code(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }
}
