package vn.qrcheckin.contracts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Field encryption: opened by the JDK's own AES-GCM (an independent decoder), bound to its field, never
 * reusing a nonce, and naming its key so that keys rotate without losing what older keys sealed.
 */
class FieldCipherTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theJdkOpensWhatItSealsAfterTheKeyId() throws Exception {
        FieldCipher cipher = new FieldCipher("k7", Map.of("k7", KEY));
        for (String plain : new String[] {"0912345678", "Nguyễn Thị Minh Khai", "", "079201001234"}) {
            String sealed = cipher.encrypt(plain, "name");
            assertTrue(sealed.startsWith("k7."), sealed);
            assertEquals(plain, jdkOpen(KEY, sealed.substring(3), "name"));
            assertEquals(plain, cipher.decrypt(cipher.encrypt(plain, "phone"), "phone"));
        }
        assertNull(cipher.encrypt(null, "name"));
        assertNull(cipher.decrypt(null, "name"));
        assertEquals("1", new FieldCipher(KEY).currentKeyId(), "a single key is key 1");
        assertTrue(new FieldCipher(KEY).encrypt("x", "name").startsWith("1."));
    }

    @Test
    void afterARotationNewDataUsesTheNewKeyAndOldDataStillOpens() throws Exception {
        FieldCipher before = new FieldCipher("1", Map.of("1", KEY));
        String old = before.encrypt("Trần Văn Bình", "name");
        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("1", KEY);
        both.put("2", NEW_KEY);
        FieldCipher after = new FieldCipher("2", both);
        assertEquals("2", after.currentKeyId());
        String fresh = after.encrypt("Trần Văn Bình", "name");
        assertTrue(fresh.startsWith("2."), fresh);
        assertEquals("Trần Văn Bình", jdkOpen(NEW_KEY, fresh.substring(2), "name"), "sealed with the new key");
        assertEquals("Trần Văn Bình", after.decrypt(old, "name"), "the old key still opens the old data");
        assertEquals("Trần Văn Bình", after.decrypt(fresh, "name"));
        // Once the old key is removed (its data past retention), its ciphertexts name a key nobody holds.
        FieldCipher later = new FieldCipher("2", Map.of("2", NEW_KEY));
        UnknownKeyIdException e = assertThrows(UnknownKeyIdException.class, () -> later.decrypt(old, "name"));
        assertEquals("1", e.keyId());
        assertTrue(e.getMessage().contains("'1'"), e.getMessage());
        assertThrows(UnknownKeyIdException.class, () -> later.decrypt("nokey." + fresh.substring(2), "name"));
        assertThrows(UnknownKeyIdException.class, () -> later.decrypt("." + fresh.substring(2), "name"));
    }

    @Test
    void aValueFromBeforeKeyIdsOpensWithKeyOne() throws Exception {
        // As the first version sealed: base64url of iv || ciphertext || tag, no key id.
        String legacy = new FieldCipher(KEY).encrypt("0988777666", "phone").substring(2);
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("2", NEW_KEY);
        keys.put("1", KEY);
        assertEquals("0988777666", new FieldCipher("2", keys).decrypt(legacy, "phone"));
        assertThrows(UnknownKeyIdException.class, () -> new FieldCipher("2", Map.of("2", NEW_KEY)).decrypt(legacy, "phone"));
    }

    @Test
    void aCiphertextIsBoundToItsFieldAndCannotBeAltered() {
        FieldCipher cipher = new FieldCipher(KEY);
        String sealed = cipher.encrypt("0912345678", "phone");
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt(sealed, "name"));
        char[] altered = sealed.toCharArray();
        altered[20] = altered[20] == 'A' ? 'B' : 'A';
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt(new String(altered), "phone"));
        assertThrows(IllegalArgumentException.class, () -> new FieldCipher(new byte[32]).decrypt(sealed, "phone"));
        // Relabelled with another key id the holder has: that key does not open it.
        Map<String, byte[]> both = Map.of("1", KEY, "2", NEW_KEY);
        IllegalArgumentException relabelled = assertThrows(IllegalArgumentException.class,
                () -> new FieldCipher("1", both).decrypt("2" + sealed.substring(1), "phone"));
        assertTrue(!(relabelled instanceof UnknownKeyIdException));
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt("1.", "phone"));
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt("1.not*base64", "phone"));
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt(sealed.substring(0, 20), "phone"));
    }

    @Test
    void badKeysAndKeyIdsAreRefusedWhenTheCipherIsMade() {
        assertThrows(IllegalArgumentException.class, () -> new FieldCipher(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new FieldCipher("2", Map.of("1", KEY)), "current key missing");
        for (String id : new String[] {"", "a.b", "toolongid", "é", " 1"}) {
            assertThrows(IllegalArgumentException.class, () -> new FieldCipher(id, Map.of(id, KEY)), id);
        }
        assertEquals("A-z_9", new FieldCipher("A-z_9", Map.of("A-z_9", KEY)).currentKeyId());
    }

    @Test
    void everySealHasItsOwnNonce() {
        FieldCipher cipher = new FieldCipher(KEY);
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] all = Base64.getUrlDecoder().decode(cipher.encrypt("same text", "name").substring(2));
            String nonce = Base64.getEncoder().encodeToString(Arrays.copyOf(all, 12));
            assertTrue(nonces.add(nonce), "nonce reused after " + i + " seals");
        }
    }

    /** AES-GCM by the JDK alone: base64url of iv(12) || ciphertext || tag, the field name as associated data. */
    private static String jdkOpen(byte[] key, String body, String field) throws Exception {
        byte[] all = Base64.getUrlDecoder().decode(body);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, all, 0, 12));
        jdk.updateAAD(field.getBytes(StandardCharsets.UTF_8));
        return new String(jdk.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    }
}
