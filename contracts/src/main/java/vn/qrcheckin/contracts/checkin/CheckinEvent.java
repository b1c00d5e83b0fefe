package vn.qrcheckin.contracts.checkin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import vn.qrcheckin.contracts.identity.IdType;

/**
 * One accepted check-in, as appended to a check-in stream partition. Holds no plaintext personal data:
 * the person is a keyed pseudonym plus AES-GCM ciphertexts that only tracing may open.
 *
 * Pseudonyms and ciphertexts name their key ({@code <key id>.<base64url>}, see {@code KeyIds}).
 *
 * @param schema the event's contract version, {@link #SCHEMA} when written now; 0 (absent) for events from
 *        before versioning, whose pseudonyms and ciphertexts carry no key id and which have no phoneRef
 * @param id the client-generated id (idempotency key)
 * @param personRef HMAC pseudonym of the normalised identity: equal for the same person on every channel
 * @param numberEnc the normalised identity number, encrypted
 * @param nameEnc the name, encrypted (null when not given)
 * @param phoneEnc the contact phone, encrypted (null when not given)
 * @param phoneRef HMAC pseudonym of the normalised contact phone, as a PHONE identity's pseudonym (null when
 *        no phone was given): links a person who gave the same phone as their id at one venue and as the
 *        contact of a card at another, without decrypting
 * @param venueSuspended the venue was suspended when the check-in arrived (still recorded: presence matters)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true) // consumers read events of newer producers
public record CheckinEvent(
        int schema,
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
        String phoneRef,
        Direction direction,
        Instant occurredAt,
        Instant receivedAt,
        Channel channel,
        Declaration declaration,
        boolean venueSuspended) {

    /** The version producers write: 1 = key ids on pseudonyms and ciphertexts, and phoneRef. */
    public static final int SCHEMA = 1;

    /**
     * The event as JSON, exactly what Jackson writes for this record (nulls of the event left out, those of
     * the declaration kept, instants in ISO-8601), without reflection: it is written once per check-in, and
     * Jackson's bean serialiser was the largest single cost on the ingestion path.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(768);
        b.append("{\"schema\":").append(schema).append(",\"id\":");
        Json.string(b, id);
        b.append(",\"venueId\":").append(venueId);
        Json.field(b, "communeCode", communeCode);
        Json.field(b, "districtCode", districtCode);
        Json.field(b, "provinceCode", provinceCode);
        Json.field(b, "idType", idType == null ? null : idType.name());
        Json.field(b, "personRef", personRef);
        Json.field(b, "numberEnc", numberEnc);
        Json.field(b, "nameEnc", nameEnc);
        Json.field(b, "phoneEnc", phoneEnc);
        Json.field(b, "phoneRef", phoneRef);
        Json.field(b, "direction", direction == null ? null : direction.name());
        if (occurredAt != null) {
            Json.instant(b.append(",\"occurredAt\":"), occurredAt);
        }
        if (receivedAt != null) {
            Json.instant(b.append(",\"receivedAt\":"), receivedAt);
        }
        Json.field(b, "channel", channel == null ? null : channel.name());
        if (declaration != null) {
            b.append(",\"declaration\":{\"fever\":").append(declaration.fever())
                    .append(",\"cough\":").append(declaration.cough())
                    .append(",\"breathingDifficulty\":").append(declaration.breathingDifficulty())
                    .append(",\"contactWithCase\":").append(declaration.contactWithCase())
                    .append(",\"recentTravel\":").append(declaration.recentTravel()).append('}');
        }
        return b.append(",\"venueSuspended\":").append(venueSuspended).append('}').toString();
    }
}
