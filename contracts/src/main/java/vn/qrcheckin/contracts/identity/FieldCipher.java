package vn.qrcheckin.contracts.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
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
            byte[] iv = ByteBuffer.allocate(IV_BYTES).putInt(nonceField).putLong(nonceCounter.getAndIncrement()).array();
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + field, e);
        }
    }

    public String decrypt(String sealed, String field) {
        if (sealed == null) {
            return null;
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed);
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(field.getBytes(StandardCharsets.UTF_8));
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
