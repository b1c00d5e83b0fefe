package vn.qrcheckin.report.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.report.repository.AreaDays;
import vn.qrcheckin.report.repository.VenueRepository;
import vn.qrcheckin.report.repository.VenueRepository.VenueRow;
import vn.qrcheckin.report.service.AreaTree;
import vn.qrcheckin.streams.venues.VenueChanges;

/**
 * Venues from the venue projection (snapshot pages, then stream events) into report's store, each page in one
 * transaction: a state newer than the stored one (by version) replaces it, and what changed moves the counts: a
 * venue seen for the first time is a new venue of its registration day in its areas; one that moved areas or whose
 * registration day changed is taken off the old ones; suspensions and non-compliance move the current counts and
 * the counts' changes on the day of the change (the local day of the event's occurredAt, for a snapshot's state the
 * day of the venue's last change, never before its registration day), which dates a suspension for every later day.
 * Older or repeated states change nothing, so every instance (each follows the whole stream) may apply them all.
 */
@ApplicationScoped
public class VenueRollup implements VenueChanges {

    private final VenueRepository venues;
    private final AreaDays areaDays;
    private final AreaTree tree;

    public VenueRollup(VenueRepository venues, AreaDays areaDays, AreaTree tree) {
        this.venues = venues;
        this.areaDays = areaDays;
        this.tree = tree;
    }

    @Override
    public Uni<Void> apply(List<VenueEvent> states) {
        TreeMap<Long, VenueEvent> newest = new TreeMap<>();
        for (VenueEvent e : states) {
            newest.merge(e.venueId(), e, (a, b) -> b.version() > a.version() ? b : a);
        }
        if (newest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = newest.keySet().toArray(Long[]::new);
        return venues.pool().withTransaction(conn -> venues.lock(conn, ids).chain(stored -> {
            List<VenueRow> changed = new ArrayList<>();
            AreaDays.Deltas deltas = new AreaDays.Deltas();
            TreeMap<String, AreaDays.StatusDelta> status = new TreeMap<>();
            for (VenueEvent e : newest.values()) {
                VenueRow old = stored.get(e.venueId());
                if (old != null && old.version() >= e.version()) {
                    continue;
                }
                VenueRow next = next(e, old, tree.placeOf(e.communeCode(), e.districtCode(), e.provinceCode()));
                LocalDate effective = effectiveDay(e, next);
                if (old != null && old.version() > 0) {
                    count(old, -1, effective, deltas, status);
                }
                count(next, 1, effective, deltas, status);
                changed.add(next);
            }
            return venues.update(conn, changed).chain(() -> areaDays.bump(conn, deltas)).chain(() -> areaDays.bumpStatus(conn, status));
        }));
    }

    /** The state to keep: the event's, with what it leaves out taken from the stored state. */
    private static VenueRow next(VenueEvent e, VenueRow old, AreaTree.Place place) {
        boolean known = old != null && old.version() > 0;
        LocalDate registered = e.registeredAt() != null ? Days.of(e.registeredAt())
                : known && old.registeredDay() != null ? old.registeredDay()
                        // An event of a venue-service before registeredAt: its time is the best there is.
                        : Days.of(e.occurredAt() != null ? e.occurredAt() : Instant.now());
        boolean nonCompliant = e.nonCompliant() != null ? e.nonCompliant() : known && old.nonCompliant();
        return new VenueRow(e.venueId(), e.version(), e.venueName(), e.venueType() == null ? null : e.venueType().name(), place.communeCode(),
                place.districtCode(), place.provinceCode(), registered, "SUSPENDED".equals(e.status()), nonCompliant);
    }

    /** The day a venue's new state took effect: its event's local day, not before the venue was registered. */
    private static LocalDate effectiveDay(VenueEvent e, VenueRow next) {
        LocalDate day = Days.of(e.occurredAt() != null ? e.occurredAt() : Instant.now());
        return day.isBefore(next.registeredDay()) ? next.registeredDay() : day;
    }

    /**
     * Adds (sign 1) or takes away (sign -1) a venue state's part in its areas' counts: registered on its registration
     * day, suspended and non-compliant from the day of the change on.
     */
    private void count(VenueRow v, int sign, LocalDate effective, AreaDays.Deltas deltas, Map<String, AreaDays.StatusDelta> status) {
        for (String area : tree.placeOf(v.communeCode(), v.districtCode(), v.provinceCode()).path()) {
            deltas.at(area, v.registeredDay()).newVenues += sign;
            AreaDays.Delta change = deltas.at(area, effective);
            change.suspended += v.suspended() ? sign : 0;
            change.nonCompliant += v.nonCompliant() ? sign : 0;
            AreaDays.StatusDelta s = status.computeIfAbsent(area, k -> new AreaDays.StatusDelta());
            s.registered += sign;
            s.suspended += v.suspended() ? sign : 0;
            s.nonCompliant += v.nonCompliant() ? sign : 0;
        }
    }
}
