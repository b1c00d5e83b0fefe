package vn.qrcheckin.checkin.domain;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import vn.qrcheckin.contracts.identity.IdType;

/**
 * Reads what a venue scanner sees on a citizen's card.
 * <ul>
 * <li>Chip ID card (CCCD): {@code id|old id|full name|ddMMyyyy birth|sex|address|ddMMyyyy issued}, UTF-8.</li>
 * <li>Health-insurance card (BHYT): {@code card number|name|birth|sex|address|...}, fields separated by
 * {@code |}; the name and address are hex-encoded UTF-8 on the printed cards, plain text on some
 * others: both are read.</li>
 * </ul>
 */
public final class ScannedCard {

    private static final Pattern CCCD = Pattern.compile("\\d{12}");
    private static final Pattern BHYT = Pattern.compile("[A-Z]{2}\\d{13}");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    private ScannedCard() {
    }

    public static Optional<Person> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String[] f = raw.strip().split("\\|", -1);
        if (f.length >= 7 && CCCD.matcher(f[0].strip()).matches()) {
            return Optional.of(new Person(IdType.CCCD, f[0].strip(), emptyToNull(f[2].strip()), null));
        }
        if (f.length >= 2 && BHYT.matcher(f[0].strip().toUpperCase()).matches()) {
            return Optional.of(new Person(IdType.BHYT, f[0].strip().toUpperCase(), emptyToNull(text(f[1].strip())), null));
        }
        return Optional.empty();
    }

    /** Hex-encoded UTF-8 when it looks like it and decodes to valid text, else the text itself. */
    static String text(String field) {
        if (field.length() >= 4 && HEX.matcher(field).matches()) {
            byte[] bytes = HexFormat.of().parseHex(field);
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            if (!decoded.contains("\uFFFD") && decoded.chars().noneMatch(Character::isISOControl)) {
                return decoded;
            }
        }
        return field;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
