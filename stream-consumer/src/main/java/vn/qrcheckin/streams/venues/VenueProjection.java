package vn.qrcheckin.streams.venues;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueType;

/**
 * Every venue as of the highest version seen, from snapshots and venue events in any order: a venue's
 * {@link VenueEvent#version()} orders its states, never the event id or the arrival order (two venue-service
 * writers, a snapshot page read after a later event, a redelivery). Area codes are shared instances: 670,000
 * venues fall in ~10,000 communes.
 */
public class VenueProjection {

    /** What consumers need of a venue. */
    public record VenueState(long venueId, String name, VenueType type, int defaultDwellMinutes, String communeCode,
            String districtCode, String provinceCode, boolean suspended, String ownerSubject, long version) {
    }

    private final Map<Long, VenueState> venues = new ConcurrentHashMap<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>();

    public Optional<VenueState> find(long venueId) {
        return Optional.ofNullable(venues.get(venueId));
    }

    public int size() {
        return venues.size();
    }

    /** Keeps the event's state unless a higher version is already held; answers whether it was kept. */
    public boolean apply(VenueEvent e) {
        VenueState fresh = new VenueState(e.venueId(), e.venueName(), e.venueType(), e.defaultDwellMinutes(), shared(e.communeCode()),
                shared(e.districtCode()), shared(e.provinceCode()), "SUSPENDED".equals(e.status()), shared(e.ownerSubject()), e.version());
        return venues.merge(e.venueId(), fresh, (old, next) -> next.version() >= old.version() ? next : old) == fresh;
    }

    private String shared(String s) {
        return s == null ? null : codes.computeIfAbsent(s, k -> k);
    }
}
