package vn.qrcheckin.contracts.identity;

import java.util.Optional;

/** Vietnamese phone numbers: +84 912 345 678, 84912345678 and 0912.345.678 are one number, 0912345678. */
public final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /**
     * The national form, or empty: separators (white space . - ( )) dropped, +84 / 84 turned into 0, then a
     * mobile number (0 + 9 digits starting 3/5/7/8/9) or a landline (02 + 9 digits). A loop rather than the
     * regular expressions it replaced: every check-in normalises a phone, and they showed in profiles.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.trim();
        StringBuilder b = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == '.' || c == '-' || c == '(' || c == ')') {
                continue;
            }
            b.append(c);
        }
        String digits = b.toString();
        if (digits.startsWith("+84")) {
            digits = "0" + digits.substring(3);
        } else if (digits.startsWith("84") && digits.length() >= 11) {
            digits = "0" + digits.substring(2);
        }
        return national(digits) ? Optional.of(digits) : Optional.empty();
    }

    private static boolean national(String s) {
        int length;
        if (s.length() == 10 && s.charAt(0) == '0' && "35789".indexOf(s.charAt(1)) >= 0) {
            length = 10;
        } else if (s.length() == 11 && s.charAt(0) == '0' && s.charAt(1) == '2') {
            length = 11;
        } else {
            return false;
        }
        for (int i = 2; i < length; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
