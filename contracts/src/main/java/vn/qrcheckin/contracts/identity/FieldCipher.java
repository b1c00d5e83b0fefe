package vn.qrcheckin.contracts.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for personal fields (name, phone, identity number) at rest and in streams. The associated
 * data binds a ciphertext to its field, so a name cannot be passed off as a phone. Output: base64url of
 * {@code iv(12) || ciphertext || tag(16)}.
 */
public final class FieldCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, byte[]> AAD = new ConcurrentHashMap<>();

    private final SecretKeySpec key;
    /** A Cipher per thread: getInstance and the AES key schedule cost more than the encryption itself. */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(FieldCipher::newCipher);
    /**
     * GCM nonces as NIST SP 800-38D's deterministic construction: a random 32-bit field fixed for this
     * instance and a 64-bit counter from a random start; unique without a SecureRandom call per field.
     */
    private final int nonceField = RANDOM.nextInt();
    private final AtomicLong nonceCounter = new AtomicLong(RANDOM.nextLong());

    public FieldCipher(byte[] aes256Key) {
        if (aes256Key.length != 32) {
            throw new IllegalArgumentException("the field encryption key must be 32 bytes");
        }
        this.key = new SecretKeySpec(aes256Key, "AES");
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
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 0, IV_BYTES));
            c.updateAAD(associatedData(field));
            c.doFinal(input, 0, input.length, out, IV_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
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

    public String decrypt(String sealed, String field) {
        if (sealed == null) {
            return null;
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed);
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
