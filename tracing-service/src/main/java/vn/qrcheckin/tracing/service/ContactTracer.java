package vn.qrcheckin.tracing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.tracing.domain.Visit;
import vn.qrcheckin.tracing.repository.VisitRepository;
import vn.qrcheckin.tracing.repository.VisitRepository.Around;
import vn.qrcheckin.tracing.repository.VisitRepository.Window;

/**
 * F1 and F2 from presence. A person is keyed by their contact phone's pseudonym when they gave one, else by their
 * identity's pseudonym (one phone under several id types is one person).
 * <ul>
 * <li>The case's presence: its visits clipped to the infectious window, merged per venue (a case that checked in
 * twice is not counted twice).</li>
 * <li>F1: anyone whose visit at that venue overlaps the case's presence widened by the buffer. Overlap minutes count
 * only real co-presence. An F1's first exposure: the earliest {@code max(arrival, case presence start - buffer)}.</li>
 * <li>F2: anyone whose visit overlaps (same buffer) an F1's presence between that F1's first exposure and the end of
 * the case's window; exposures with every F1 are listed and their minutes summed; {@code via} is the F1 with the
 * most minutes together.</li>
 * <li>Nobody twice, never the case; ranked by depth, then minutes (most first).</li>
 * </ul>
 */
@ApplicationScoped
public class ContactTracer {

    /** One stretch of time with the case (F1) or with an F1 (F2). */
    public record Exposure(long venueId, Instant from, Instant to, long overlapSeconds) {
    }

    /** A contact: who (a visit of theirs, for the identity), how close, where, and through whom for F2. */
    public record Contact(int depth, String key, Visit identity, long overlapSeconds, List<Exposure> exposures, Contact via, Instant firstExposure) {

        public long overlapMinutes() {
            return overlapSeconds / 60;
        }
    }

    private final VisitRepository visits;
    private final TracingConfig config;

    public ContactTracer(VisitRepository visits, TracingConfig config) {
        this.visits = visits;
        this.config = config;
    }

    /** Contacts of a case whose own visits are {@code caseVisits} (already of every linked identity). */
    public Uni<List<Contact>> contacts(List<Visit> caseVisits, Set<String> caseKeys, Instant from, Instant to, int depth) {
        Duration buffer = config.tracing().contactBuffer();
        List<Window> presence = merge(clip(caseVisits, from, to));
        return visits.around(presence, buffer, config.tracing().maxVisit()).chain(found -> {
            Map<String, Contact> f1 = collect(1, found, presence, caseKeys, Map.of(), buffer);
            if (depth < 2 || f1.isEmpty()) {
                return Uni.createFrom().item(ranked(f1.values(), List.of()));
            }
            Set<String> refs = new LinkedHashSet<>();
            Instant earliest = to;
            for (Contact c : f1.values()) {
                refs.add(c.key());
                refs.add(c.identity().personRef());
                earliest = c.firstExposure().isBefore(earliest) ? c.firstExposure() : earliest;
            }
            Instant since = earliest;
            return visits.ofPeople(List.copyOf(refs), since, to, config.tracing().maxVisit()).chain(theirVisits -> {
                // Each F1's presence from their first exposure to the end of the case's window.
                List<Window> windows = new ArrayList<>();
                List<Contact> owners = new ArrayList<>();
                Map<String, List<Visit>> byF1 = new LinkedHashMap<>();
                for (Visit v : theirVisits) {
                    Contact owner = f1.get(v.personKey());
                    if (owner == null) {
                        owner = f1.get(v.personRef());
                    }
                    if (owner != null) {
                        byF1.computeIfAbsent(owner.key(), k -> new ArrayList<>()).add(v);
                    }
                }
                for (Map.Entry<String, List<Visit>> e : byF1.entrySet()) {
                    Contact owner = f1.get(e.getKey());
                    for (Window w : merge(clip(e.getValue(), owner.firstExposure(), to))) {
                        windows.add(w);
                        owners.add(owner);
                    }
                }
                return visits.around(windows, buffer, config.tracing().maxVisit()).map(near -> {
                    Set<String> excluded = new java.util.HashSet<>(caseKeys);
                    excluded.addAll(f1.keySet());
                    Map<String, Contact> f2 = collect(2, near, windows, excluded, indexed(owners), buffer);
                    return ranked(f1.values(), f2.values());
                });
            });
        });
    }

    private static Map<Integer, Contact> indexed(List<Contact> owners) {
        Map<Integer, Contact> m = new HashMap<>();
        for (int i = 0; i < owners.size(); i++) {
            m.put(i, owners.get(i));
        }
        return m;
    }

    /** Contacts from visits found around windows; {@code owners}: the F1 each window belongs to (F2 only). */
    private static Map<String, Contact> collect(int depth, List<Around> found, List<Window> windows, Set<String> excluded,
            Map<Integer, Contact> owners, Duration buffer) {
        Map<String, List<Exposure>> exposures = new LinkedHashMap<>();
        Map<String, Visit> identity = new HashMap<>();
        Map<String, Instant> first = new HashMap<>();
        Map<String, Map<String, Long>> withWhom = new HashMap<>();
        for (Around a : found) {
            Visit v = a.visit();
            String key = v.personKey();
            if (excluded.contains(key) || excluded.contains(v.personRef())) {
                continue;
            }
            Window w = windows.get(a.window());
            long overlap = Math.max(0, Duration.between(later(v.arrivedAt(), w.from()), earlier(v.endsAt(), w.to())).toSeconds());
            exposures.computeIfAbsent(key, k -> new ArrayList<>()).add(new Exposure(v.venueId(), v.arrivedAt(), v.endsAt(), overlap));
            identity.merge(key, v, (old, fresh) -> old.nameEnc() == null && fresh.nameEnc() != null ? fresh : old);
            Instant start = later(v.arrivedAt(), w.from().minus(buffer));
            first.merge(key, start, (x, y) -> x.isBefore(y) ? x : y);
            Contact owner = owners.get(a.window());
            if (owner != null) {
                withWhom.computeIfAbsent(key, k -> new HashMap<>()).merge(owner.key(), overlap, Long::sum);
            }
        }
        Map<String, Contact> ownerByKey = new HashMap<>();
        owners.values().forEach(c -> ownerByKey.put(c.key(), c));
        Map<String, Contact> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Exposure>> e : exposures.entrySet()) {
            String key = e.getKey();
            long total = e.getValue().stream().mapToLong(Exposure::overlapSeconds).sum();
            Contact via = null;
            if (withWhom.containsKey(key)) {
                // The F1 with the most time together; ties to the smallest key, so answers are repeatable.
                String best = null;
                long most = -1;
                for (Map.Entry<String, Long> w : withWhom.get(key).entrySet()) {
                    if (w.getValue() > most || w.getValue() == most && w.getKey().compareTo(best) < 0) {
                        best = w.getKey();
                        most = w.getValue();
                    }
                }
                via = ownerByKey.get(best); // a map: 10,000 F2s against 3,000 windows' owners is not a scan each
            }
            out.put(key, new Contact(depth, key, identity.get(key), total, e.getValue(), via, first.get(key)));
        }
        return out;
    }

    private static List<Contact> ranked(java.util.Collection<Contact> f1, java.util.Collection<Contact> f2) {
        List<Contact> all = new ArrayList<>(f1);
        all.addAll(f2);
        all.sort(Comparator.comparingInt(Contact::depth).thenComparing(Comparator.comparingLong(Contact::overlapSeconds).reversed())
                .thenComparing(Contact::key));
        return all;
    }

    /** Visits clipped to [from, to); empty ones dropped. */
    static List<Window> clip(List<Visit> visits, Instant from, Instant to) {
        List<Window> out = new ArrayList<>();
        for (Visit v : visits) {
            Instant s = later(v.arrivedAt(), from);
            Instant e = earlier(v.endsAt(), to);
            if (s.isBefore(e)) {
                out.add(new Window(v.venueId(), s, e));
            }
        }
        return out;
    }

    /** Overlapping or touching windows at one venue merged into one. */
    static List<Window> merge(List<Window> windows) {
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(Window::venueId).thenComparing(Window::from));
        List<Window> out = new ArrayList<>();
        for (Window w : sorted) {
            Window last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.venueId() == w.venueId() && !w.from().isAfter(last.to())) {
                out.set(out.size() - 1, new Window(w.venueId(), last.from(), later(last.to(), w.to())));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
