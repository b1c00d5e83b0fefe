package vn.qrcheckin.contracts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Pseudonyms: the JDK's HMAC-SHA256 computed independently, behind the key id; matched across a rotation. */
class PersonIdsTest {

    private static final byte[] OLD = "an-old-pseudonym-key-of-32-bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW = "the-new-pseudonym-key-of-32-bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPseudonymIsTheKeyIdAndTheHmacOfTheTypedIdentifier() throws Exception {
        PersonIds ids = new PersonIds("p1", Map.of("p1", OLD));
        assertEquals("p1." + hmac(OLD, "PHONE:0912345678"), ids.pseudonym(IdType.PHONE, "0912345678"));
        assertEquals("p1." + hmac(OLD, "CCCD:001094012345"), ids.pseudonym(IdType.CCCD, "001094012345"));
        // A health-insurance card by its social-insurance number: a renewed card is the same person.
        assertEquals("p1." + hmac(OLD, "BHXH:0123456789"), ids.pseudonym(IdType.BHYT, "DN4010123456789"));
        assertEquals(ids.pseudonym(IdType.BHYT, "DN4010123456789"), ids.pseudonym(IdType.BHYT, "HC4790123456789"));
        assertTrue(new PersonIds(OLD).pseudonym(IdType.PHONE, "0912345678").startsWith("1."), "a single key is key 1");
    }

    @Test
    void acrossARotationAPersonIsFoundUnderEveryKeyHeld() throws Exception {
        PersonIds before = new PersonIds("1", Map.of("1", OLD));
        String old = before.pseudonym(IdType.CCCD, "001094012345");
        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("1", OLD);
        both.put("2", NEW);
        PersonIds after = new PersonIds("2", both);
        String fresh = after.pseudonym(IdType.CCCD, "001094012345");
        assertEquals("2." + hmac(NEW, "CCCD:001094012345"), fresh, "new pseudonyms use the current key");
        assertNotEquals(old, fresh);
        assertEquals(List.of(fresh, old), after.allPseudonyms(IdType.CCCD, "001094012345"), "current key first");
        assertTrue(after.matches(old, IdType.CCCD, "001094012345"));
        assertTrue(after.matches(fresh, IdType.CCCD, "001094012345"));
        assertFalse(after.matches(old, IdType.CCCD, "001094012346"), "another person");
        assertFalse(after.matches(old, IdType.CMND, "001094012345"), "the type is part of the subject");
        // A pseudonym from before key ids (bare HMAC) is key 1's.
        assertTrue(after.matches(hmac(OLD, "CCCD:001094012345"), IdType.CCCD, "001094012345"));
        assertFalse(after.matches(hmac(NEW, "CCCD:001094012345"), IdType.CCCD, "001094012345"));
        // A key removed: its pseudonyms match nobody, and nothing throws.
        PersonIds later = new PersonIds("2", Map.of("2", NEW));
        assertFalse(later.matches(old, IdType.CCCD, "001094012345"));
        assertFalse(later.matches(null, IdType.CCCD, "001094012345"));
        assertFalse(later.matches("9." + hmac(NEW, "CCCD:001094012345"), IdType.CCCD, "001094012345"), "relabelled");
        assertEquals(List.of(fresh), later.allPseudonyms(IdType.CCCD, "001094012345"));
    }

    @Test
    void shortKeysAndBadIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PersonIds(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new PersonIds("2", Map.of("1", OLD)));
        assertThrows(IllegalArgumentException.class, () -> new PersonIds("a.b", Map.of("a.b", OLD)));
        assertThrows(IllegalArgumentException.class, () -> new PersonIds("1", Map.of("1", OLD, "x y", NEW)));
    }

    private static String hmac(byte[] key, String subject) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
    }
}
