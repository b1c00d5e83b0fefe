package vn.qrcheckin.venue.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.TextFields;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.domain.VenueStatus;
import vn.qrcheckin.venue.repository.VenueRepository;
import vn.qrcheckin.venue.repository.VenueRepository.Filter;

/** Registration, change, suspension and look-up of venues. Every change records a venue event. */
@ApplicationScoped
public class VenueService {

    public static final int MAX_PAGE = 500;
    static final int REASON_MAX = 500;

    /** One page of a keyset listing; {@code nextAfter} is the cursor of the next page, null on the last. */
    public record Page<T>(List<T> items, Long nextAfter) {
    }

    private final VenueRepository venues;
    private final VenueRules rules;
    private final AccessPolicy access;
    private final QrKeyService keys;
    private final VenueEvents events;
    private final AdminUnitDirectory units;

    public VenueService(VenueRepository venues, VenueRules rules, AccessPolicy access, QrKeyService keys, VenueEvents events,
            AdminUnitDirectory units) {
        this.venues = venues;
        this.rules = rules;
        this.access = access;
        this.keys = keys;
        this.events = events;
        this.units = units;
    }

    @WithTransaction
    public Uni<Venue> create(Caller caller, VenueInput input) {
        Venue venue = newVenue(caller, input);
        return register(venue).call(v -> events.record(v, VenueEvent.Type.CREATED));
    }

    /**
     * Validates a registration and checks the caller may make it; throws a problem naming every bad field.
     * Shared with bulk import, where each row is one registration.
     */
    Venue newVenue(Caller caller, VenueInput input) {
        Venue venue = new Venue();
        List<FieldError> errors = new ArrayList<>();
        rules.apply(input, venue, true, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        access.requireCreate(caller, units.find(venue.communeCode).orElseThrow());
        venue.ownerSubject = caller.subject();
        venue.status = VenueStatus.ACTIVE;
        venue.createdAt = Instant.now();
        venue.updatedAt = venue.createdAt;
        // The first version: CREATED events carry 1 whether the venue came through the API or an import.
        venue.version = 1;
        return venue;
    }

    /** Persists a validated venue with a new id and its signed QR token (inside the caller's transaction). */
    Uni<Venue> register(Venue venue) {
        return register(List.of(venue)).replaceWith(venue);
    }

    /** Persists validated venues, drawing all their ids in one round trip. */
    Uni<Void> register(List<Venue> batch) {
        return venues.allocateIds(batch.size()).chain(ids -> {
            assignIds(batch, ids);
            return venues.persist(batch);
        });
    }

    /** Gives new venues their ids and the QR tokens that sign them. */
    void assignIds(List<Venue> batch, List<Long> ids) {
        for (int i = 0; i < batch.size(); i++) {
            Venue v = batch.get(i);
            v.id = ids.get(i);
            QrKeyService.SignedToken token = keys.sign(v.id, v.communeCode);
            v.qrToken = token.token();
            v.qrKeyId = token.keyId();
        }
    }

    @WithSession
    public Uni<Venue> get(Caller caller, long id) {
        return find(id).invoke(v -> access.requireRead(caller, v));
    }

    /** A venue without an access check: for the public QR image and poster, which print only public facts. */
    @WithSession
    public Uni<Venue> getPublic(long id) {
        return find(id);
    }

    @WithTransaction
    public Uni<Venue> update(Caller caller, long id, VenueInput patch) {
        return find(id).chain(venue -> {
            access.requireEdit(caller, venue);
            String communeBefore = venue.communeCode;
            List<FieldError> errors = new ArrayList<>();
            rules.apply(patch, venue, false, errors);
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            if (!venue.communeCode.equals(communeBefore)) {
                // The token names the commune, so a venue that moves gets a new code (the old one stops matching).
                access.requireCreate(caller, units.find(venue.communeCode).orElseThrow());
                QrKeyService.SignedToken token = keys.sign(venue.id, venue.communeCode);
                venue.qrToken = token.token();
                venue.qrKeyId = token.keyId();
            }
            return changed(venue, VenueEvent.Type.UPDATED);
        });
    }

    @WithTransaction
    public Uni<Venue> suspend(Caller caller, long id, String reason) {
        String why;
        try {
            why = TextFields.noteOrThrow(reason, "reason", REASON_MAX, true).orElseThrow();
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return find(id).chain(venue -> {
            access.requireEnforce(caller, venue);
            if (venue.status == VenueStatus.SUSPENDED) {
                throw ProblemException.conflict("venue " + id + " is already suspended");
            }
            venue.status = VenueStatus.SUSPENDED;
            venue.suspensionReason = why;
            return changed(venue, VenueEvent.Type.SUSPENDED);
        });
    }

    @WithTransaction
    public Uni<Venue> reinstate(Caller caller, long id) {
        return find(id).chain(venue -> {
            access.requireEnforce(caller, venue);
            if (venue.status != VenueStatus.SUSPENDED) {
                throw ProblemException.conflict("venue " + id + " is not suspended");
            }
            venue.status = VenueStatus.ACTIVE;
            venue.suspensionReason = null;
            venue.flaggedForSuspension = false;
            return changed(venue, VenueEvent.Type.REINSTATED);
        });
    }

    @WithSession
    public Uni<Page<Venue>> list(Caller caller, String area, Filter filter, long after, int limit) {
        AccessPolicy.Scope scope = access.listScope(caller, area);
        if (scope.area() != null && units.find(scope.area()).isEmpty()) {
            throw ProblemException.invalid("area", "unknown area code");
        }
        Filter scoped = new Filter(scope.area(), scope.ownerSubject(), filter.type(), filter.status(), filter.foldedQuery(),
                filter.nonCompliantOnly());
        return page(scoped, after, limit);
    }

    /** The public list of venues that break the rules: last inspection failed, flagged, or suspended. */
    @WithSession
    public Uni<Page<Venue>> nonCompliant(String area, long after, int limit) {
        if (area != null && units.find(area).isEmpty()) {
            throw ProblemException.invalid("area", "unknown area code");
        }
        return page(new Filter(area, null, null, null, null, true), after, limit);
    }

    /**
     * Marks a change and records its event; call inside a transaction, after the change's last write to the
     * venue (the event carries the version this write commits with).
     */
    Uni<Venue> changed(Venue venue, VenueEvent.Type type) {
        venue.updatedAt = Instant.now();
        return events.record(venue, type).replaceWith(venue);
    }

    Uni<Venue> find(long id) {
        return venues.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("venue " + id));
    }

    private Uni<Page<Venue>> page(Filter filter, long after, int limit) {
        return venues.page(filter, after, limit + 1).map(rows -> rows.size() > limit
                ? new Page<>(rows.subList(0, limit), rows.get(limit - 1).id)
                : new Page<>(rows, null));
    }
}
