package vn.qrcheckin.checkin.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.contracts.identity.FieldCipher;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.identity.KeyIds;
import vn.qrcheckin.contracts.identity.PersonIds;
import vn.qrcheckin.contracts.identity.PhoneNumbers;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.TextFields;

/** Normalises a person's identity, pseudonymises it and encrypts what must travel: nothing leaves in clear. */
@Singleton // no client proxy: called on every check-in
@Startup // a malformed key or key id stops the start, not every check-in
public class IdentityProtector {

    static final int NAME_MAX = 100;

    /**
     * A person as it may be written to a stream.
     *
     * @param phoneRef the pseudonym of the contact phone as a PHONE identity (null without a phone)
     */
    public record ProtectedPerson(IdType idType, String ref, String numberEnc, String nameEnc, String phoneEnc, String phoneRef) {
    }

    private final PersonIds ids;
    private final FieldCipher cipher;
    private final SecretKeySpec idKey;

    public IdentityProtector(CheckinConfig config) {
        CheckinConfig.Identity c = config.identity();
        this.ids = c.pseudonyms();
        this.cipher = c.cipher();
        this.idKey = new SecretKeySpec(c.pseudonymRing().get(c.pseudonymKeyId()), "HmacSHA256");
    }

    /** The current key under its id, then the retired ones: {@link KeyIds#ring}. */
    static Map<String, byte[]> keys(String currentProperty, String currentId, String currentKey, String retiredProperty,
            Optional<String> retired) {
        return KeyIds.ring(currentProperty, currentId, currentKey, retiredProperty, retired);
    }

    /** A stable, keyed id from parts that may hold personal data (40 characters, reveals nothing). */
    public String stableId(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(idKey);
            byte[] digest = mac.doFinal(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 40);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The field cipher, for the personal QR cards. */
    public FieldCipher cipher() {
        return cipher;
    }

    /** The pseudonym a check-in of this person carries (current key), or empty when the number is not valid. */
    public Optional<String> pseudonym(Person p, String appNamespace) {
        if (p == null || p.idType() == null) {
            return Optional.empty();
        }
        return PersonIds.normalise(p.idType(), p.number()).map(n -> ids.pseudonym(p.idType(), subject(p.idType(), n, appNamespace)));
    }

    /**
     * @param appNamespace for APP ids: the app's client id, so two apps' pseudonymous ids never collide
     * @param field the field name errors are reported under ("person", "items[3].person", ...)
     */
    public Optional<ProtectedPerson> protect(Person p, String appNamespace, String field, List<FieldError> errors) {
        int before = errors.size();
        if (p == null) {
            errors.add(new FieldError(field, "is required"));
            return Optional.empty();
        }
        if (p.idType() == null) {
            errors.add(new FieldError(field + ".idType", "is required (PHONE, CCCD, CMND, BHYT or APP)"));
            return Optional.empty();
        }
        Optional<String> number = PersonIds.normalise(p.idType(), p.number());
        if (number.isEmpty()) {
            errors.add(new FieldError(field + ".number", "is not a valid " + p.idType() + " number"));
        }
        // A name is optional: left out, not sent blank (the web form maps its empty field to none).
        String name = TextFields.clean(p.name(), field + ".name", NAME_MAX, false, errors).orElse(null);
        Optional<String> phone = p.phone() == null ? Optional.empty() : PhoneNumbers.normalise(p.phone());
        if (p.phone() != null && phone.isEmpty()) {
            errors.add(new FieldError(field + ".phone", "is not a Vietnamese phone number"));
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        String subject = subject(p.idType(), number.get(), appNamespace);
        if (p.idType() == IdType.PHONE && phone.isEmpty()) {
            phone = number;
        }
        String ref = ids.pseudonym(p.idType(), subject);
        // The phone as a PHONE identity: a phone given as the id here and as a card's contact elsewhere links.
        String phoneRef = phone.isEmpty() ? null
                : p.idType() == IdType.PHONE && phone.get().equals(subject) ? ref : ids.pseudonym(IdType.PHONE, phone.get());
        return Optional.of(new ProtectedPerson(p.idType(), ref, cipher.encrypt(subject, "number"),
                name == null || name.isEmpty() ? null : cipher.encrypt(name, "name"), phone.map(v -> cipher.encrypt(v, "phone")).orElse(null),
                phoneRef));
    }

    private static String subject(IdType type, String normalised, String appNamespace) {
        return type == IdType.APP ? appNamespace + ":" + normalised : normalised;
    }
}
