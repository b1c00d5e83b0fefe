package vn.qrcheckin.contracts.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Normalises personal identifiers and turns them into keyed pseudonyms. Every service that looks a person
 * up (check-in writes, tracing reads) must compute the same pseudonym, so the rules live here, once.
 */
public final class PersonIds {

    private static final Pattern SPACES = Pattern.compile("[\\s.\\-]");
    private static final Pattern CCCD = Pattern.compile("\\d{12}");
    private static final Pattern CMND = Pattern.compile("\\d{9}");
    private static final Pattern BHYT = Pattern.compile("[A-Z]{2}\\d{13}");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_.:-]{6,128}");

    /** A keyed Mac per thread: Mac.getInstance and init cost more than the HMAC itself. */
    private final ThreadLocal<Mac> macs;

    /** @param hmacKey at least 32 bytes of secret shared by the services that pseudonymise. */
    public PersonIds(byte[] hmacKey) {
        if (hmacKey.length < 32) {
            throw new IllegalArgumentException("the pseudonym key needs at least 32 bytes");
        }
        SecretKeySpec key = new SecretKeySpec(hmacKey, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** The one written form of an identifier, or empty when it is not a valid one of its type. */
    public static Optional<String> normalise(IdType type, String raw) {
        if (raw == null || type == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        return switch (type) {
            case PHONE -> PhoneNumbers.normalise(s);
            case CCCD -> matching(CCCD, SPACES.matcher(s).replaceAll(""));
            case CMND -> matching(CMND, SPACES.matcher(s).replaceAll(""));
            case BHYT -> matching(BHYT, SPACES.matcher(s).replaceAll("").toUpperCase(Locale.ROOT));
            case APP -> matching(APP, s);
        };
    }

    /**
     * The pseudonym of a normalised identifier: HMAC-SHA256, base64url. A health-insurance card is known
     * by its last 10 digits, the person's social-insurance number, which survives card renewals.
     */
    public String pseudonym(IdType type, String normalised) {
        String subject = type == IdType.BHYT ? "BHXH:" + normalised.substring(5) : type.name() + ":" + normalised;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(macs.get().doFinal(subject.getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<String> matching(Pattern p, String s) {
        return p.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }
}
