package vn.qrcheckin.tracing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.streams.venues.VenueProjection;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.tracing.domain.Visit;
import vn.qrcheckin.tracing.repository.AuditRepository;
import vn.qrcheckin.tracing.repository.VisitRepository;
import vn.qrcheckin.tracing.service.CaseService.PersonRef;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;

/**
 * Questions about a venue or a person outside a case: who was at a venue, where a person went (each audited),
 * and for a citizen, when their data appeared in a tracer's answer.
 */
@ApplicationScoped
public class PeopleService {

    public record Visitor(IdType idType, String number, String name, String phone, Instant from, Instant to, boolean checkedOut) {
    }

    public record PersonVisitsInput(PersonRef person, Instant from, Instant to) {
    }

    public record PersonVisit(long venueId, String venueName, String provinceCode, Instant from, Instant to, boolean checkedOut) {
    }

    public record AccessInput(PersonRef person) {
    }

    /** One time a citizen's data appeared in an answer: when, for which province's case, what was asked. No tracer names. */
    public record Access(Instant at, String provinceCode, Long caseId, String action) {
    }

    private final VisitRepository visits;
    private final AuditRepository audit;
    private final CaseService cases;
    private final Identities identities;
    private final VenueFollower venues;
    private final TracingConfig config;

    public PeopleService(VisitRepository visits, AuditRepository audit, CaseService cases, Identities identities, VenueFollower venues,
            TracingConfig config) {
        this.visits = visits;
        this.audit = audit;
        this.cases = cases;
        this.identities = identities;
        this.venues = venues;
        this.config = config;
    }

    public Uni<List<Visitor>> visitors(Caller caller, long venueId, Instant from, Instant to, String purpose) {
        List<FieldError> errors = new ArrayList<>();
        cases.window(from, to, "from", "to", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String why = CaseService.purpose(purpose);
        VenueProjection.VenueState venue = venues.find(venueId).orElseThrow(() -> ProblemException.notFound("venue " + venueId));
        cases.mayAct(caller, venue.provinceCode());
        return visits.atVenue(venueId, from, to, config.tracing().maxVisit())
                .call(list -> audit.append(caller.subject(), role(caller), "venue visitors " + venueId, null, venue.provinceCode(), why,
                        list.stream().flatMap(v -> java.util.stream.Stream.of(v.personKey(), v.personRef())).distinct().toList()))
                .map(list -> list.stream().map(v -> new Visitor(IdType.valueOf(v.idType()), identities.open(v.numberEnc(), "number"),
                        identities.open(v.nameEnc(), "name"), identities.open(v.phoneEnc(), "phone"), v.arrivedAt(), v.endsAt(), v.leftAt() != null))
                        .toList());
    }

    /** Where a person went: a tracer sees the visits in their province, an admin all. */
    public Uni<List<PersonVisit>> personVisits(Caller caller, PersonVisitsInput in, String purpose) {
        if (in == null) {
            throw ProblemException.invalid("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Optional<String> number = cases.person(in.person(), "person", errors);
        cases.window(in.from(), in.to(), "from", "to", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String why = CaseService.purpose(purpose);
        String province = caller.is(Caller.ADMIN) ? null : CaseService.area(caller);
        List<String> refs = identities.pseudonyms(in.person().idType(), number.get());
        return visits.ofPeople(refs, in.from(), in.to(), config.tracing().maxVisit())
                .map(list -> list.stream().filter(v -> province == null || province.equals(provinceOf(v))).toList())
                .call(list -> audit.append(caller.subject(), role(caller), "person visits", null, province, why, List.of(refs.get(0))))
                .map(list -> list.stream().map(v -> new PersonVisit(v.venueId(), cases.venueName(v.venueId()), provinceOf(v), v.arrivedAt(),
                        v.endsAt(), v.leftAt() != null)).toList());
    }

    /** For a signed-in citizen (through a national app): when their data appeared in answers. */
    public Uni<List<Access>> accessLog(AccessInput in) {
        if (in == null) {
            throw ProblemException.invalid("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Optional<String> number = cases.person(in.person(), "person", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<String> refs = new ArrayList<>(identities.pseudonyms(in.person().idType(), number.get()));
        return audit.ofPeople(refs).map(list -> list.stream().map(e -> new Access(e.at(), e.provinceCode(), e.caseId(), e.action())).toList());
    }

    private String provinceOf(Visit v) {
        return venues.find(v.venueId()).map(VenueProjection.VenueState::provinceCode).orElse(null);
    }

    private static String role(Caller caller) {
        return caller.is(Caller.ADMIN) ? Caller.ADMIN : Caller.TRACER;
    }
}
