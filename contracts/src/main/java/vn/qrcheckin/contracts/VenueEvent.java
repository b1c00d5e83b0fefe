package vn.qrcheckin.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change to a venue, appended to {@link StreamNames#venueEvents(String)}. Carries the area codes so that
 * consumers can roll up by commune, district and province without calling venue-service. Holds no personal
 * data (no owner name or phone).
 *
 * Consumers ignore fields they do not know: a newer venue-service may add some (the services' request
 * mappers refuse unknown fields, events must not).
 *
 * @param eventId unique and increasing per venue-service database; consumers de-duplicate on it
 * @param districtCode null where the loaded administrative set has no district level (the 2025 set)
 * @param ownerSubject the owner's account id (an opaque token subject, not a name): who may run the venue's scanner
 * @param version the venue's version: starts at 1 and increases with every change, in the change's own
 *        transaction. Consumers keep the state with the highest version; {@code eventId} only orders the
 *        outbox and de-duplicates deliveries (two writers hand out event ids out of order).
 * @param schema the contract version of this event ({@link #SCHEMA}); 0 = written before versioning
 * @param registeredAt when the venue was registered (venue-service's {@code created_at}): the day of its
 *        registration in reports. Optional: absent in events of venue-services before it was added
 * @param nonCompliant the venue's latest inspection found violations (venue-service's {@code non_compliant}).
 *        Optional: absent (null) in events of venue-services before it was added
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VenueEvent(
        long eventId,
        Type type,
        long venueId,
        String venueName,
        VenueType venueType,
        int defaultDwellMinutes,
        String communeCode,
        String districtCode,
        String provinceCode,
        String status,
        String ownerSubject,
        Instant occurredAt,
        long version,
        int schema,
        Instant registeredAt,
        Boolean nonCompliant) {

    /** The contract version producers write now. Consumers read every version up to theirs. */
    public static final int SCHEMA = 1;

    /** An event without the optional fields added later (registeredAt, nonCompliant). */
    public VenueEvent(long eventId, Type type, long venueId, String venueName, VenueType venueType, int defaultDwellMinutes,
            String communeCode, String districtCode, String provinceCode, String status, String ownerSubject, Instant occurredAt,
            long version, int schema) {
        this(eventId, type, venueId, venueName, venueType, defaultDwellMinutes, communeCode, districtCode, provinceCode, status,
                ownerSubject, occurredAt, version, schema, null, null);
    }

    public enum Type {
        CREATED,
        UPDATED,
        SUSPENDED,
        REINSTATED
    }
}
