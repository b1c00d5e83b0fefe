package vn.qrcheckin.contracts.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/** Vietnamese phone numbers: +84 912 345 678, 84912345678 and 0912.345.678 are one number, 0912345678. */
public final class PhoneNumbers {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-()]");
    /** Mobile: 0 + 9 digits starting 3/5/7/8/9; landline: 02 + 9 digits. */
    private static final Pattern NATIONAL = Pattern.compile("0(?:[35789]\\d{8}|2\\d{9})");

    private PhoneNumbers() {
    }

    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String digits = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (digits.startsWith("+84")) {
            digits = "0" + digits.substring(3);
        } else if (digits.startsWith("84") && digits.length() >= 11) {
            digits = "0" + digits.substring(2);
        }
        return NATIONAL.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }
}
