package vn.qrcheckin.tracing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.streams.venues.VenueProjection;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.tracing.domain.TracingCase;
import vn.qrcheckin.tracing.domain.Visit;
import vn.qrcheckin.tracing.repository.AuditRepository;
import vn.qrcheckin.tracing.repository.CaseRepository;
import vn.qrcheckin.tracing.repository.VisitRepository;
import vn.qrcheckin.tracing.service.ContactTracer.Contact;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.web.TextFields;

/**
 * Cases and what tracing answers about them. A tracer sees the cases of the province in their token, an admin
 * every case. Every answer that reveals personal data is written to the audit log before it is sent.
 */
@ApplicationScoped
public class CaseService {

    /** A person as a tracer gives or reads it. */
    public record PersonRef(IdType idType, String number) {
    }

    public record CaseInput(PersonRef person, Instant infectiousFrom, Instant infectiousTo, String provinceCode, String label) {
    }

    public record CaseSummary(long id, String label, String provinceCode, Instant infectiousFrom, Instant infectiousTo, String status,
            Instant createdAt, Instant closedAt) {
    }

    public record CaseView(long id, String label, PersonRef person, String provinceCode, Instant infectiousFrom, Instant infectiousTo, String status,
            String createdBy, Instant createdAt, Instant closedAt) {
    }

    public record VisitItem(long venueId, String venueName, Instant from, Instant to, boolean checkedOut, IdType idType) {
    }

    /** @param linkedIdentities other identities the same contact phone was given with (one person for tracing) */
    public record CaseVisits(List<VisitItem> items, List<PersonRef> linkedIdentities) {
    }

    public record ExposureItem(long venueId, String venueName, Instant from, Instant to, long overlapMinutes) {
    }

    public record ContactItem(int depth, IdType idType, String number, String name, String phone, long overlapMinutes, List<ExposureItem> exposures,
            PersonRef via) {
    }

    public record Contacts(long caseId, int depth, List<ContactItem> items) {
    }

    /** The case's own visits (every linked identity), and who they are. */
    record Presence(List<Visit> visits, Set<String> keys, List<PersonRef> linked) {
    }

    private final CaseRepository cases;
    private final VisitRepository visits;
    private final AuditRepository audit;
    private final ContactTracer tracer;
    private final Identities identities;
    private final VenueFollower venues;
    private final TracingConfig config;

    public CaseService(CaseRepository cases, VisitRepository visits, AuditRepository audit, ContactTracer tracer, Identities identities,
            VenueFollower venues, TracingConfig config) {
        this.cases = cases;
        this.visits = visits;
        this.audit = audit;
        this.tracer = tracer;
        this.identities = identities;
        this.venues = venues;
        this.config = config;
    }

    public Uni<CaseView> open(Caller caller, CaseInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (in == null) {
            throw ProblemException.invalid("body", "is required");
        }
        Optional<String> number = person(in.person(), "person", errors);
        window(in.infectiousFrom(), in.infectiousTo(), "infectiousFrom", "infectiousTo", errors);
        String province = in.provinceCode() == null ? null : in.provinceCode().strip();
        if (province == null || !province.matches("\\d{2}")) {
            errors.add(new FieldError("provinceCode", "is required: a province code of two digits"));
        }
        Optional<String> label = TextFields.clean(in.label(), "label", 200, false, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        mayAct(caller, province);
        IdType type = in.person().idType();
        String ref = identities.pseudonyms(type, number.get()).get(0);
        TracingCase c = new TracingCase(0, label.orElse(null), type.name(), ref, type == IdType.PHONE ? ref : null,
                identities.seal(number.get(), "number"), in.infectiousFrom(), in.infectiousTo(), province, "OPEN", caller.subject(), null, null);
        return cases.insert(c).map(saved -> view(saved, number.get()));
    }

    public Uni<List<CaseSummary>> list(Caller caller, String status, long after, int limit) {
        String province = caller.is(Caller.ADMIN) ? null : area(caller);
        return cases.list(province, status, after, limit).map(list -> list.stream()
                .map(c -> new CaseSummary(c.id(), c.label(), c.provinceCode(), c.infectiousFrom(), c.infectiousTo(), c.status(), c.createdAt(),
                        c.closedAt()))
                .toList());
    }

    public Uni<CaseView> get(Caller caller, long id, String purpose) {
        String why = purpose(purpose);
        return load(caller, id).call(c -> record(caller, "case", c, why, List.of(c.personRef())))
                .map(c -> view(c, identities.open(c.numberEnc(), "number")));
    }

    public Uni<CaseView> close(Caller caller, long id) {
        return load(caller, id).chain(c -> cases.close(id)).map(c -> view(c.orElseThrow(), identities.open(c.get().numberEnc(), "number")));
    }

    public Uni<CaseVisits> visits(Caller caller, long id, String purpose) {
        String why = purpose(purpose);
        return load(caller, id).chain(c -> presence(c).call(p -> record(caller, "case visits", c, why, List.of(c.personRef())))
                .map(p -> new CaseVisits(p.visits().stream()
                        .filter(v -> v.arrivedAt().isBefore(c.infectiousTo()) && v.endsAt().isAfter(c.infectiousFrom()))
                        .map(v -> new VisitItem(v.venueId(), venueName(v.venueId()), v.arrivedAt(), v.endsAt(), v.leftAt() != null,
                                IdType.valueOf(v.idType())))
                        .toList(), p.linked())));
    }

    public Uni<Contacts> contacts(Caller caller, long id, int depth, String purpose) {
        if (depth != 1 && depth != 2) {
            throw ProblemException.invalid("depth", "must be 1 (F1) or 2 (F1 and F2)");
        }
        String why = purpose(purpose);
        return load(caller, id).chain(c -> presence(c)
                .chain(p -> tracer.contacts(p.visits(), p.keys(), c.infectiousFrom(), c.infectiousTo(), depth))
                .call(found -> record(caller, "contacts depth " + depth, c, why,
                        found.stream().flatMap(x -> java.util.stream.Stream.of(x.key(), x.identity().personRef())).distinct().toList()))
                .map(found -> {
                    // Each F1's number opened once, not once per F2 reached through them.
                    Map<String, PersonRef> vias = new HashMap<>();
                    return new Contacts(c.id(), depth, found.stream().map(x -> item(x, vias)).toList());
                }));
    }

    /** The case person's visits in the window under every identity linked to them by a contact phone. */
    Uni<Presence> presence(TracingCase c) {
        Duration maxVisit = config.tracing().maxVisit();
        String number = identities.open(c.numberEnc(), "number");
        IdType type = IdType.valueOf(c.idType());
        List<String> own = identities.pseudonyms(type, number);
        return visits.ofPeople(own, c.infectiousFrom(), c.infectiousTo(), maxVisit).chain(mine -> {
            Set<String> phones = new LinkedHashSet<>();
            if (type == IdType.PHONE) {
                phones.addAll(own);
            }
            mine.stream().map(Visit::phoneRef).filter(java.util.Objects::nonNull).forEach(phones::add);
            // The first read already matched the own pseudonyms as contact phones too.
            phones.removeAll(own);
            Uni<List<Visit>> linked = phones.isEmpty() ? Uni.createFrom().item(List.of())
                    : visits.ofPeople(List.copyOf(phones), c.infectiousFrom(), c.infectiousTo(), maxVisit);
            return linked.map(others -> {
                Map<String, Visit> all = new LinkedHashMap<>();
                mine.forEach(v -> all.put(v.checkinId(), v));
                others.forEach(v -> all.putIfAbsent(v.checkinId(), v));
                Set<String> keys = new HashSet<>(own);
                Map<String, PersonRef> linkedPeople = new LinkedHashMap<>();
                for (Visit v : all.values()) {
                    keys.add(v.personKey());
                    keys.add(v.personRef());
                    if (!own.contains(v.personRef())) {
                        linkedPeople.putIfAbsent(v.personRef(), new PersonRef(IdType.valueOf(v.idType()), identities.open(v.numberEnc(), "number")));
                    }
                }
                List<Visit> ordered = new ArrayList<>(all.values());
                ordered.sort(java.util.Comparator.comparing(Visit::arrivedAt));
                return new Presence(ordered, keys, List.copyOf(linkedPeople.values()));
            });
        });
    }

    private ContactItem item(Contact c, Map<String, PersonRef> vias) {
        Visit who = c.identity();
        PersonRef via = c.via() == null ? null : vias.computeIfAbsent(c.via().key(),
                k -> new PersonRef(IdType.valueOf(c.via().identity().idType()), identities.open(c.via().identity().numberEnc(), "number")));
        return new ContactItem(c.depth(), IdType.valueOf(who.idType()), identities.open(who.numberEnc(), "number"),
                identities.open(who.nameEnc(), "name"), identities.open(who.phoneEnc(), "phone"), c.overlapMinutes(),
                c.exposures().stream().map(e -> new ExposureItem(e.venueId(), venueName(e.venueId()), e.from(), e.to(), e.overlapSeconds() / 60))
                        .toList(),
                via);
    }

    Uni<TracingCase> load(Caller caller, long id) {
        return cases.find(id).map(found -> {
            TracingCase c = found.orElseThrow(() -> ProblemException.notFound("case " + id));
            mayAct(caller, c.provinceCode());
            return c;
        });
    }

    /** A tracer acts only for the province in their token; an admin everywhere. */
    void mayAct(Caller caller, String province) {
        if (caller.is(Caller.ADMIN)) {
            return;
        }
        if (!area(caller).equals(province)) {
            throw ProblemException.forbidden("a tracer of province " + area(caller) + " may not trace a case of province " + province);
        }
    }

    static String area(Caller caller) {
        String area = caller.area();
        if (area == null || area.length() < 2) {
            throw ProblemException.forbidden("the token names no province (claim \"area\")");
        }
        return area.substring(0, 2);
    }

    Uni<Void> record(Caller caller, String action, TracingCase c, String purpose, List<String> people) {
        String role = caller.is(Caller.ADMIN) ? Caller.ADMIN : Caller.TRACER;
        return audit.append(caller.subject(), role, action, c.id(), c.provinceCode(), purpose, people);
    }

    /** Why personal data is asked for, as the audit log keeps it; "case investigation" when not said. */
    static String purpose(String raw) {
        return TextFields.noteOrThrow(raw, "purpose", 200, false).orElse("case investigation");
    }

    Optional<String> person(PersonRef p, String field, List<FieldError> errors) {
        if (p == null) {
            errors.add(new FieldError(field, "is required"));
            return Optional.empty();
        }
        if (p.idType() == null || p.idType() == IdType.APP) {
            errors.add(new FieldError(field + ".idType", "is required: PHONE, CCCD, CMND or BHYT"));
            return Optional.empty();
        }
        Optional<String> n = identities.normalise(p.idType(), p.number());
        if (n.isEmpty()) {
            errors.add(new FieldError(field + ".number", "is not a valid " + p.idType() + " number"));
        }
        return n;
    }

    /** A window: both ends, in order, no longer than the retention (older visits are gone anyway). */
    public void window(Instant from, Instant to, String fromField, String toField, List<FieldError> errors) {
        if (from == null) {
            errors.add(new FieldError(fromField, "is required"));
        }
        if (to == null) {
            errors.add(new FieldError(toField, "is required"));
        }
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                errors.add(new FieldError(toField, "must be after " + fromField));
            } else if (Duration.between(from, to).compareTo(config.tracing().retention()) > 0) {
                errors.add(new FieldError(toField, "must be within " + config.tracing().retention().toDays() + " days of " + fromField
                        + " (visits are kept that long)"));
            }
        }
    }

    String venueName(long venueId) {
        return venues.find(venueId).map(VenueProjection.VenueState::name).orElse(null);
    }

    private static CaseView view(TracingCase c, String number) {
        return new CaseView(c.id(), c.label(), new PersonRef(IdType.valueOf(c.idType()), number), c.provinceCode(), c.infectiousFrom(),
                c.infectiousTo(), c.status(), c.createdBy(), c.createdAt(), c.closedAt());
    }
}
