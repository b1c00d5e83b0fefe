package vn.qrcheckin.tracing.service;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import vn.qrcheckin.contracts.identity.FieldCipher;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.identity.PersonIds;
import vn.qrcheckin.tracing.config.TracingConfig;

/**
 * The identity keys shared with checkin-service: a person given by a tracer is pseudonymised exactly as at
 * check-in (under every key held, so visits from before a rotation are found), and ciphertexts are opened
 * only to build a tracer's answer.
 */
@Singleton
@Startup // a malformed key stops the start
public class Identities {

    private final PersonIds ids;
    private final FieldCipher cipher;

    public Identities(TracingConfig config) {
        this.ids = config.identity().pseudonyms();
        this.cipher = config.identity().cipher();
    }

    /** The number as check-in normalises it; empty when it is not a valid number of that type. */
    public Optional<String> normalise(IdType type, String number) {
        return PersonIds.normalise(type, number);
    }

    /** Every pseudonym of the person (current key first): what their visits carry, whichever key made them. */
    public List<String> pseudonyms(IdType type, String normalised) {
        return ids.allPseudonyms(type, normalised);
    }

    public String seal(String plain, String field) {
        return cipher.encrypt(plain, field);
    }

    /** The plaintext of a stored ciphertext; null for none, "[unreadable]" when its key is no longer held. */
    public String open(String sealed, String field) {
        if (sealed == null) {
            return null;
        }
        try {
            return cipher.decrypt(sealed, field);
        } catch (RuntimeException e) {
            return "[unreadable]";
        }
    }
}
