package vn.qrcheckin.contracts.checkin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import vn.qrcheckin.contracts.identity.IdType;

/**
 * One accepted check-in, as appended to a check-in stream partition. Holds no plaintext personal data:
 * the person is a keyed pseudonym plus AES-GCM ciphertexts that only tracing may open.
 *
 * @param id the client-generated id (idempotency key)
 * @param personRef HMAC pseudonym of the normalised identity: equal for the same person on every channel
 * @param numberEnc the normalised identity number, encrypted
 * @param nameEnc the name, encrypted (null when not given)
 * @param phoneEnc the contact phone, encrypted (null when not given)
 * @param venueSuspended the venue was suspended when the check-in arrived (still recorded: presence matters)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckinEvent(
        String id,
        long venueId,
        String communeCode,
        String districtCode,
        String provinceCode,
        IdType idType,
        String personRef,
        String numberEnc,
        String nameEnc,
        String phoneEnc,
        Direction direction,
        Instant occurredAt,
        Instant receivedAt,
        Channel channel,
        Declaration declaration,
        boolean venueSuspended) {
}
