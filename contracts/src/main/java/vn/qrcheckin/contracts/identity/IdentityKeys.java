package vn.qrcheckin.contracts.identity;

import java.util.Map;
import java.util.Optional;

/**
 * The identity key settings every service that shares the keys reads ({@code qrcheckin.identity.*}: checkin-service
 * writes pseudonyms and ciphertexts, tracing-service reads them): each service's config mapping extends this, and
 * {@link #pseudonyms()} / {@link #cipher()} build the key rings. Defaults (key id 1, no retired keys) are in each
 * service's application.properties.
 */
public interface IdentityKeys {

    /** Base64 HMAC key (32+ bytes) for new person pseudonyms. */
    String pseudonymKey();

    /** The id of {@link #pseudonymKey()}: 1 to 8 of A-Z a-z 0-9 _ -. */
    String pseudonymKeyId();

    /** Older pseudonym keys, still recognised: {@code id:base64} pairs separated by commas. */
    Optional<String> retiredPseudonymKeys();

    /** Base64 AES-256 key for new ciphertexts of names, phones and numbers. */
    String fieldKey();

    /** The id of {@link #fieldKey()}: 1 to 8 of A-Z a-z 0-9 _ -. */
    String fieldKeyId();

    /** Older field keys, still opening what they sealed: {@code id:base64,...}. */
    Optional<String> retiredFieldKeys();

    /** The pseudonym keys by id, current first; a failure names the property, never a key. */
    default Map<String, byte[]> pseudonymRing() {
        return KeyIds.ring("qrcheckin.identity.pseudonym-key", pseudonymKeyId(), pseudonymKey(), "qrcheckin.identity.retired-pseudonym-keys",
                retiredPseudonymKeys());
    }

    default PersonIds pseudonyms() {
        return new PersonIds(pseudonymKeyId(), pseudonymRing());
    }

    default FieldCipher cipher() {
        return new FieldCipher(fieldKeyId(), KeyIds.ring("qrcheckin.identity.field-key", fieldKeyId(), fieldKey(),
                "qrcheckin.identity.retired-field-keys", retiredFieldKeys()));
    }
}
