package vn.qrcheckin.contracts.identity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key ids on ciphertexts and pseudonyms, so keys can rotate: every value sealed or pseudonymised is written
 * {@code <key id>.<base64url>}. The dot cannot occur in base64url, so the first dot ends the key id
 * unambiguously; a value without a dot was written before key ids existed, under the key with id
 * {@value #DEFAULT_ID}.
 */
public final class KeyIds {

    /** The id of a single key given without one (and of every value written before key ids). */
    public static final String DEFAULT_ID = "1";
    /** Between the key id and the value. */
    public static final char SEPARATOR = '.';
    /** Short: the id rides on every ciphertext, and some (personal QR cards) are printed. */
    public static final int MAX_LENGTH = 8;

    private KeyIds() {
    }

    /** The key id itself, when it is 1 to 8 of A-Z a-z 0-9 _ -; otherwise an IllegalArgumentException naming it. */
    public static String check(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a key id must be 1 to " + MAX_LENGTH + " characters, not " + describe(id));
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                throw new IllegalArgumentException("a key id may hold only A-Z a-z 0-9 _ -, not " + describe(id));
            }
        }
        return id;
    }

    /** The key id a sealed value or pseudonym names ({@value #DEFAULT_ID} for one written before key ids). */
    public static String of(String value) {
        int dot = value.indexOf(SEPARATOR);
        return dot < 0 ? DEFAULT_ID : value.substring(0, dot);
    }

    /**
     * The keys a service holds, from its configuration: the current key under its id, then the retired ones
     * ({@code "id:base64,id:base64"}). A failure names the property, never the key's content. checkin-service
     * and tracing-service read the same settings.
     */
    public static Map<String, byte[]> ring(String currentProperty, String currentId, String currentKey, String retiredProperty,
            java.util.Optional<String> retired) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        try {
            keys.put(check(currentId), decode(currentProperty, currentKey));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(currentProperty + "-id: " + e.getMessage());
        }
        for (String pair : retired.orElse("").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException(retiredProperty + ": every retired key is written id:base64");
            }
            String id = pair.substring(0, colon).strip();
            try {
                check(id);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(retiredProperty + ": " + e.getMessage());
            }
            if (keys.put(id, decode(retiredProperty + " (key " + id + ")", pair.substring(colon + 1).strip())) != null) {
                throw new IllegalStateException(retiredProperty + ": key id " + id + " given twice (or is the current key's)");
            }
        }
        return keys;
    }

    private static byte[] decode(String property, String base64) {
        try {
            return java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
    }

    /** The keys checked and copied, in the caller's order; {@code current} must be among them. */
    static <K> Map<String, K> checked(String current, Map<String, K> keys) {
        check(current);
        if (keys == null || !keys.containsKey(current)) {
            throw new IllegalArgumentException("the current key id " + current + " has no key");
        }
        Map<String, K> copy = new LinkedHashMap<>();
        keys.forEach((id, key) -> copy.put(check(id), key));
        return copy;
    }

    private static String describe(String id) {
        return id == null ? "none" : "'" + (id.length() > 20 ? id.substring(0, 20) + "…" : id) + "'";
    }
}
