package vn.qrcheckin.contracts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Field encryption: opened by the JDK's own AES-GCM (an independent decoder), bound to its field, never reusing a nonce. */
class FieldCipherTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theJdkOpensWhatItSeals() throws Exception {
        FieldCipher cipher = new FieldCipher(KEY);
        for (String plain : new String[] {"0912345678", "Nguyễn Thị Minh Khai", "", "079201001234"}) {
            byte[] all = Base64.getUrlDecoder().decode(cipher.encrypt(plain, "name"));
            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, all, 0, 12));
            jdk.updateAAD("name".getBytes(StandardCharsets.UTF_8));
            assertEquals(plain, new String(jdk.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8));
            assertEquals(plain, cipher.decrypt(cipher.encrypt(plain, "phone"), "phone"));
        }
        assertNull(cipher.encrypt(null, "name"));
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
    }

    @Test
    void everySealHasItsOwnNonce() {
        FieldCipher cipher = new FieldCipher(KEY);
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] all = Base64.getUrlDecoder().decode(cipher.encrypt("same text", "name"));
            String nonce = Base64.getEncoder().encodeToString(Arrays.copyOf(all, 12));
            assertTrue(nonces.add(nonce), "nonce reused after " + i + " seals");
        }
    }
}
