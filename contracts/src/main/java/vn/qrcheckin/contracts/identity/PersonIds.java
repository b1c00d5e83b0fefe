package vn.qrcheckin.contracts.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Normalises personal identifiers and turns them into keyed pseudonyms. Every service that looks a person
 * up (check-in writes, tracing reads) must compute the same pseudonym, so the rules live here, once.
 * A pseudonym names its key: {@code <key id>.<base64url HMAC>} ({@link KeyIds}). New pseudonyms use the
 * current key; a consumer matching a person across a rotation computes the pseudonym under every key it
 * holds ({@link #allPseudonyms}, {@link #matches}).
 */
public final class PersonIds {

    private static final Pattern SPACES = Pattern.compile("[\\s.\\-]");
    private static final Pattern CCCD = Pattern.compile("\\d{12}");
    private static final Pattern CMND = Pattern.compile("\\d{9}");
    private static final Pattern BHYT = Pattern.compile("[A-Z]{2}\\d{13}");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_.:-]{6,128}");

    /** One key: its id and "<id>." written once, and a keyed Mac per thread (getInstance and init cost more than the HMAC). */
    private record Key(String id, String prefix, ThreadLocal<Mac> macs) {
    }

    private final Key current;
    /** Every key held, the current one first. */
    private final List<Key> keys;

    /** One key (at least 32 bytes of secret shared by the services that pseudonymise), with the id {@value KeyIds#DEFAULT_ID}. */
    public PersonIds(byte[] hmacKey) {
        this(KeyIds.DEFAULT_ID, Map.of(KeyIds.DEFAULT_ID, hmacKey));
    }

    /**
     * @param currentId the key new pseudonyms are made with
     * @param hmacKeys every key whose pseudonyms may still be met (32+ bytes each), the current one included
     */
    public PersonIds(String currentId, Map<String, byte[]> hmacKeys) {
        List<Key> all = new ArrayList<>();
        KeyIds.checked(currentId, hmacKeys).forEach((id, bytes) -> {
            if (bytes == null || bytes.length < 32) {
                throw new IllegalArgumentException("the pseudonym key " + id + " needs at least 32 bytes");
            }
            SecretKeySpec key = new SecretKeySpec(bytes, "HmacSHA256");
            Key k = new Key(id, id + KeyIds.SEPARATOR, ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(key);
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HmacSHA256 unavailable", e);
                }
            }));
            all.add(id.equals(currentId) ? 0 : all.size(), k);
        });
        this.keys = List.copyOf(all);
        this.current = keys.get(0);
    }

    /** The id of the key new pseudonyms are made with. */
    public String currentKeyId() {
        return current.id();
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
     * The pseudonym of a normalised identifier under the current key: {@code <key id>.} and the HMAC-SHA256,
     * base64url. A health-insurance card is known by its last 10 digits, the person's social-insurance
     * number, which survives card renewals.
     */
    public String pseudonym(IdType type, String normalised) {
        return under(current, subject(type, normalised));
    }

    /** The pseudonym under every key held, the current key's first: what a person may be known by across a rotation. */
    public List<String> allPseudonyms(IdType type, String normalised) {
        byte[] subject = subject(type, normalised);
        List<String> out = new ArrayList<>(keys.size());
        for (Key k : keys) {
            out.add(under(k, subject));
        }
        return out;
    }

    /**
     * Whether {@code pseudonym} is this identifier's, under the key it names (one without a key id is of key
     * {@value KeyIds#DEFAULT_ID}, without the prefix). False for a key not held: nobody can be matched to it.
     */
    public boolean matches(String pseudonym, IdType type, String normalised) {
        if (pseudonym == null) {
            return false;
        }
        String id = KeyIds.of(pseudonym);
        boolean bare = pseudonym.indexOf(KeyIds.SEPARATOR) < 0;
        for (Key k : keys) {
            if (k.id().equals(id)) {
                String expected = under(k, subject(type, normalised));
                return MessageDigest.isEqual((bare ? expected.substring(k.prefix().length()) : expected).getBytes(StandardCharsets.US_ASCII),
                        pseudonym.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return false;
    }

    private static byte[] subject(IdType type, String normalised) {
        String subject = type == IdType.BHYT ? "BHXH:" + normalised.substring(5) : type.name() + ":" + normalised;
        return subject.getBytes(StandardCharsets.UTF_8);
    }

    private static String under(Key k, byte[] subject) {
        return k.prefix().concat(Base64.getUrlEncoder().withoutPadding().encodeToString(k.macs().get().doFinal(subject)));
    }

    private static Optional<String> matching(Pattern p, String s) {
        return p.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }
}
