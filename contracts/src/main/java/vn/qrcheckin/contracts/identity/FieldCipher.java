package vn.qrcheckin.contracts.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for personal fields (name, phone, identity number) at rest and in streams. The associated
 * data binds a ciphertext to its field, so a name cannot be passed off as a phone. Output:
 * {@code <key id>.<base64url of iv(12) || ciphertext || tag(16)>} ({@link KeyIds}). Sealing uses the
 * current key; opening picks the key the ciphertext names, so data sealed before a rotation still opens
 * while its key is kept.
 */
public final class FieldCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, byte[]> AAD = new ConcurrentHashMap<>();

    private final String currentId;
    /** "<current id>." once, not per seal. */
    private final String currentPrefix;
    private final SecretKeySpec currentKey;
    /** Every key held, the current one included, by id: only opening looks keys up. */
    private final Map<String, SecretKeySpec> keys;
    /** A Cipher per thread: getInstance and the AES key schedule cost more than the encryption itself. */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(FieldCipher::newCipher);
    /**
     * GCM nonces as NIST SP 800-38D's deterministic construction: a random 32-bit field fixed for this
     * instance and a 64-bit counter from a random start; unique without a SecureRandom call per field.
     */
    private final int nonceField = RANDOM.nextInt();
    private final AtomicLong nonceCounter = new AtomicLong(RANDOM.nextLong());

    /** One key, with the id {@value KeyIds#DEFAULT_ID}. */
    public FieldCipher(byte[] aes256Key) {
        this(KeyIds.DEFAULT_ID, Map.of(KeyIds.DEFAULT_ID, aes256Key));
    }

    /**
     * @param currentId the key new ciphertexts are sealed with
     * @param aes256Keys every key that may still open data (32 bytes each), the current one included
     */
    public FieldCipher(String currentId, Map<String, byte[]> aes256Keys) {
        Map<String, SecretKeySpec> specs = new HashMap<>();
        KeyIds.checked(currentId, aes256Keys).forEach((id, key) -> {
            if (key == null || key.length != 32) {
                throw new IllegalArgumentException("the field encryption key " + id + " must be 32 bytes");
            }
            specs.put(id, new SecretKeySpec(key, "AES"));
        });
        this.keys = Map.copyOf(specs);
        this.currentId = currentId;
        this.currentPrefix = currentId + KeyIds.SEPARATOR;
        this.currentKey = specs.get(currentId);
    }

    /** The id of the key new ciphertexts are sealed with. */
    public String currentKeyId() {
        return currentId;
    }

    public String encrypt(String plaintext, String field) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
            // One array for iv || ciphertext || tag, sealed in place: three of these run per check-in.
            byte[] out = new byte[IV_BYTES + input.length + TAG_BITS / 8];
            ByteBuffer.wrap(out).putInt(nonceField).putLong(nonceCounter.getAndIncrement());
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, currentKey, new GCMParameterSpec(TAG_BITS, out, 0, IV_BYTES));
            c.updateAAD(associatedData(field));
            c.doFinal(input, 0, input.length, out, IV_BYTES);
            return currentPrefix.concat(Base64.getUrlEncoder().withoutPadding().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + field, e);
        }
    }

    /** The field name as associated data; the few field names callers use are encoded once. */
    private static byte[] associatedData(String field) {
        byte[] known = AAD.get(field);
        if (known != null) {
            return known;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        if (AAD.size() < 64) {
            AAD.put(field, bytes);
        }
        return bytes;
    }

    /**
     * The plaintext of a ciphertext of {@code field}, opened with the key it names (one without a key id is
     * of key {@value KeyIds#DEFAULT_ID}).
     *
     * @throws UnknownKeyIdException when no key with that id is held
     * @throws IllegalArgumentException when the ciphertext is altered, of another field or not one at all
     */
    public String decrypt(String sealed, String field) {
        if (sealed == null) {
            return null;
        }
        SecretKeySpec key;
        int start;
        if (sealed.startsWith(currentPrefix)) {
            key = currentKey;
            start = currentPrefix.length();
        } else {
            String id = KeyIds.of(sealed);
            key = keys.get(id);
            if (key == null) {
                throw new UnknownKeyIdException("field", id);
            }
            start = sealed.indexOf(KeyIds.SEPARATOR) + 1;
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed.substring(start));
            if (all.length < IV_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("too short");
            }
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(associatedData(field));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decrypt " + field + ": wrong key or altered data", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }
}
