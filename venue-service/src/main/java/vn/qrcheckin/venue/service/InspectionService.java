package vn.qrcheckin.venue.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.TextFields;
import vn.qrcheckin.venue.domain.Inspection;
import vn.qrcheckin.venue.domain.InspectionResult;
import vn.qrcheckin.venue.domain.Reminder;
import vn.qrcheckin.venue.domain.Violation;
import vn.qrcheckin.venue.repository.InspectionRepository;
import vn.qrcheckin.venue.repository.ReminderRepository;

/**
 * Inspections and reminders. A compliant inspection clears the venue's record; every reminder since the
 * last compliant inspection counts, and the third flags the venue for suspension.
 */
@ApplicationScoped
public class InspectionService {

    /** Reminders without a compliant inspection in between that flag a venue for suspension. */
    public static final int REMINDERS_BEFORE_SUSPENSION = 3;
    static final long MAX_FINE_VND = 1_000_000_000L;
    static final int NOTE_MAX = 1000;
    static final int INSPECTOR_NAME_MAX = 100;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** A reminder as answered: how many are now outstanding and whether the venue is flagged. */
    public record ReminderView(long id, long venueId, Instant sentAt, int remindersSinceCompliance, boolean flaggedForSuspension) {
    }

    private final VenueService venues;
    private final InspectionRepository inspections;
    private final ReminderRepository reminders;
    private final AccessPolicy access;

    public InspectionService(VenueService venues, InspectionRepository inspections, ReminderRepository reminders, AccessPolicy access) {
        this.venues = venues;
        this.inspections = inspections;
        this.reminders = reminders;
        this.access = access;
    }

    @WithTransaction
    public Uni<Inspection> inspect(Caller caller, long venueId, InspectionInput in) {
        Inspection inspection = validate(in, caller);
        return venues.find(venueId).chain(venue -> {
            access.requireInspect(caller, venue);
            inspection.venueId = venueId;
            inspection.inspectorSubject = caller.subject();
            inspection.createdAt = Instant.now();
            if (venue.lastInspectedAt == null || !inspection.inspectedAt.isBefore(venue.lastInspectedAt)) {
                // Only the latest inspection decides the venue's standing; a late-filed older one is kept as history.
                venue.lastInspectedAt = inspection.inspectedAt;
                venue.nonCompliant = inspection.result == InspectionResult.NON_COMPLIANT;
                venue.lastViolations = venue.nonCompliant ? inspection.violations : null;
                if (!venue.nonCompliant) {
                    venue.remindersSinceCompliance = 0;
                    venue.flaggedForSuspension = false;
                }
            }
            return inspections.persist(inspection).call(() -> venues.changed(venue, VenueEvent.Type.UPDATED));
        });
    }

    @WithSession
    public Uni<List<Inspection>> history(Caller caller, long venueId) {
        return venues.find(venueId).invoke(v -> access.requireRead(caller, v)).chain(() -> inspections.forVenue(venueId));
    }

    @WithTransaction
    public Uni<ReminderView> remind(Caller caller, long venueId, String note) {
        String cleanNote;
        try {
            cleanNote = TextFields.noteOrThrow(note, "note", NOTE_MAX, false).orElse(null);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return venues.find(venueId).chain(venue -> {
            access.requireEnforce(caller, venue);
            Reminder reminder = new Reminder();
            reminder.venueId = venueId;
            reminder.sentBy = caller.subject();
            reminder.note = cleanNote;
            reminder.createdAt = Instant.now();
            venue.remindersSinceCompliance++;
            if (venue.remindersSinceCompliance >= REMINDERS_BEFORE_SUSPENSION) {
                venue.flaggedForSuspension = true;
            }
            return reminders.persist(reminder)
                    .call(() -> venues.changed(venue, VenueEvent.Type.UPDATED))
                    .map(r -> new ReminderView(r.id, venueId, r.createdAt, venue.remindersSinceCompliance, venue.flaggedForSuspension));
        });
    }

    private static Inspection validate(InspectionInput in, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        Inspection i = new Inspection();
        i.inspectedAt = in.inspectedAt() == null ? Instant.now() : in.inspectedAt();
        if (i.inspectedAt.isAfter(Instant.now().plus(CLOCK_SKEW))) {
            errors.add(new FieldError("inspectedAt", "must not be in the future"));
        }
        EnumSet<Violation> found = EnumSet.noneOf(Violation.class);
        if (in.violations() != null) {
            if (in.violations().contains(null)) {
                errors.add(new FieldError("violations", "must not contain null"));
            } else if (new java.util.HashSet<>(in.violations()).size() != in.violations().size()) {
                errors.add(new FieldError("violations", "names each violation at most once"));
            } else {
                found.addAll(in.violations());
            }
        }
        i.result = in.result() != null ? in.result() : found.isEmpty() ? InspectionResult.COMPLIANT : InspectionResult.NON_COMPLIANT;
        if (i.result == InspectionResult.NON_COMPLIANT && found.isEmpty()) {
            errors.add(new FieldError("violations", "a non-compliant inspection names at least one violation"));
        }
        if (i.result == InspectionResult.COMPLIANT && !found.isEmpty()) {
            errors.add(new FieldError("result", "a compliant inspection cannot list violations"));
        }
        i.violations = found.stream().map(Enum::name).collect(Collectors.joining(","));
        i.fineVnd = in.fineVnd() == null ? 0 : in.fineVnd();
        if (i.fineVnd < 0 || i.fineVnd > MAX_FINE_VND) {
            errors.add(new FieldError("fineVnd", "must be between 0 and " + MAX_FINE_VND));
        }
        if (i.fineVnd > 0 && i.result == InspectionResult.COMPLIANT) {
            errors.add(new FieldError("fineVnd", "a compliant venue is not fined"));
        }
        i.note = TextFields.cleanNote(in.note(), "note", NOTE_MAX, false, errors).orElse(null);
        // The signed-in inspector signs the inspection; a name in the body only for an account without one.
        String sent = TextFields.clean(in.inspectorName(), "inspectorName", INSPECTOR_NAME_MAX, false, errors).orElse(null);
        String signed = TextFields.sanitise(caller.name(), INSPECTOR_NAME_MAX);
        i.inspectorName = signed != null ? signed : sent;
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return i;
    }
}
