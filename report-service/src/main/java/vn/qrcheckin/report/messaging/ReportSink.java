package vn.qrcheckin.report.messaging;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.report.config.ReportConfig;
import vn.qrcheckin.report.repository.AreaDays;
import vn.qrcheckin.report.repository.CountRepository;
import vn.qrcheckin.report.repository.CountRepository.VenueDay;
import vn.qrcheckin.report.repository.CountRepository.Window;
import vn.qrcheckin.report.service.AreaTree;
import vn.qrcheckin.streams.consumer.BatchSink;
import vn.qrcheckin.streams.consumer.StreamEntry;

/**
 * The report group's sink: a batch of check-in events moves the roll-ups in one transaction, each check-in exactly
 * once. Its id is recorded first (by local day); only ids that were new count: scans and declarations of their
 * areas' days, new people of an area-day (from the people set), new active venues (from the venue-day set), venues
 * that just reached the regularity threshold on the days their new venue-day falls in, and communes with their first
 * scan of a day. A redelivered or claimed batch finds its ids recorded and counts nothing; the consumer acknowledges
 * only after the commit. Check-outs (direction OUT) are not scans and count nowhere.
 */
@ApplicationScoped
public class ReportSink implements BatchSink {

    /** A check-in to count, with the areas it counts in (nation first, commune last). */
    record Scan(LocalDate day, String id, long venueId, AreaTree.Place place, String personRef, Declaration declaration) {

        List<String> path() {
            return place.path();
        }
    }

    private final CountRepository counts;
    private final AreaDays areaDays;
    private final AreaTree tree;
    private final ObjectMapper json;
    private final ReportConfig config;
    private final Counter tooOld;
    private final Counter ahead;

    public ReportSink(CountRepository counts, AreaDays areaDays, AreaTree tree, ObjectMapper json, ReportConfig config, MeterRegistry metrics) {
        this.counts = counts;
        this.areaDays = areaDays;
        this.tree = tree;
        this.json = json;
        this.config = config;
        this.tooOld = Counter.builder("report_checkins_not_counted_total").tag("reason", "older-than-retention")
                .description("check-ins whose local day is past the id retention, not counted").register(metrics);
        this.ahead = Counter.builder("report_checkins_not_counted_total").tag("reason", "future-day")
                .description("check-ins dated after the days partitions exist for, not counted").register(metrics);
    }

    @Override
    public Uni<Void> write(List<StreamEntry> batch) {
        LocalDate today = Days.today();
        LocalDate oldest = today.minusDays(config.retention().toDays() - 1);
        LocalDate newest = today.plusDays(config.partitionsAhead());
        Map<String, Scan> scans = new LinkedHashMap<>();
        for (StreamEntry entry : batch) {
            CheckinEvent e = read(entry);
            if (e.direction() == Direction.OUT) {
                continue;
            }
            LocalDate day = Days.of(e.occurredAt());
            if (day.isBefore(oldest)) {
                tooOld.increment();
                continue;
            }
            if (day.isAfter(newest)) {
                ahead.increment();
                continue;
            }
            AreaTree.Place place = tree.placeOf(e.communeCode(), e.districtCode(), e.provinceCode());
            scans.putIfAbsent(e.id(), new Scan(day, e.id(), e.venueId(), place, e.personRef(), e.declaration()));
        }
        if (scans.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LocalDate[] days = scans.values().stream().map(Scan::day).toArray(LocalDate[]::new);
        String[] ids = scans.keySet().toArray(String[]::new);
        return counts.pool().withTransaction(conn -> counts.record(conn, days, ids).chain(fresh -> {
            List<Scan> counted = scans.values().stream().filter(s -> fresh.contains(s.id())).toList();
            return counted.isEmpty() ? Uni.createFrom().voidItem() : count(conn, counted);
        }));
    }

    /** Moves the roll-ups by check-ins counted for the first time. */
    private Uni<Void> count(SqlConnection conn, List<Scan> counted) {
        AreaDays.Deltas deltas = new AreaDays.Deltas();
        Set<CountRepository.PersonDay> people = new LinkedHashSet<>();
        Map<String, VenueDay> venueDays = new LinkedHashMap<>();
        Map<AreaDays.Key, Scan> communeDays = new LinkedHashMap<>();
        TreeSet<Long> venues = new TreeSet<>();
        for (Scan s : counted) {
            boolean declared = s.declaration() != null;
            boolean symptom = declared && (isTrue(s.declaration().fever()) || isTrue(s.declaration().cough())
                    || isTrue(s.declaration().breathingDifficulty()));
            for (String area : s.path()) {
                AreaDays.Delta d = deltas.at(area, s.day());
                d.scans++;
                d.declarations += declared ? 1 : 0;
                d.symptomatic += symptom ? 1 : 0;
                people.add(new CountRepository.PersonDay(s.day(), area, s.personRef()));
            }
            if (s.place().communeKnown()) {
                communeDays.putIfAbsent(new AreaDays.Key(s.place().communeCode(), s.day()), s);
            }
            venueDays.putIfAbsent(s.venueId() + "/" + s.day(), new VenueDay(s.venueId(), s.day(), s.place().communeCode(), s.place().districtCode(),
                    s.place().provinceCode()));
            venues.add(s.venueId());
        }
        Map<Long, List<String>> venuePath = new java.util.HashMap<>();
        counted.forEach(s -> venuePath.putIfAbsent(s.venueId(), s.path()));
        long[] locked = venues.stream().mapToLong(Long::longValue).toArray();
        return counts.people(conn, new ArrayList<>(people))
                .invoke(fresh -> fresh.forEach(k -> deltas.at(k.area(), k.day()).people++))
                .chain(() -> counts.lockVenues(conn, locked))
                .chain(() -> counts.venueDays(conn, new ArrayList<>(venueDays.values())))
                .chain(fresh -> {
                    for (VenueDay v : fresh) {
                        for (String area : venuePath.get(v.venueId())) {
                            deltas.at(area, v.day()).activeVenues++;
                        }
                    }
                    return regular(conn, fresh, venuePath, deltas);
                })
                .chain(() -> areaDays.bump(conn, deltas))
                .chain(after -> {
                    // A commune-day whose scans now equal what this batch added had none before: its first scan.
                    AreaDays.Deltas firsts = new AreaDays.Deltas();
                    communeDays.forEach((key, s) -> {
                        Long now = after.get(key);
                        if (now != null && now == deltas.get(key).scans) {
                            s.path().forEach(area -> firsts.at(area, key.day()).communesScanned++);
                        }
                    });
                    return areaDays.bump(conn, firsts);
                })
                .replaceWithVoid();
    }

    /**
     * Venues that reached the regularity threshold through new venue-days: a new day d of a venue enters the window
     * of each day t from d to d + window - 1; the venue became regular on t when it now has scans on at least the
     * threshold's number of those days and had fewer before this batch (its new days in that window subtracted).
     */
    private Uni<Void> regular(SqlConnection conn, List<VenueDay> fresh, Map<Long, List<String>> venuePath, AreaDays.Deltas deltas) {
        int window = config.regularWindow();
        int threshold = config.regularDays();
        Map<Window, Integer> added = new LinkedHashMap<>();
        for (VenueDay v : fresh) {
            for (int i = 0; i < window; i++) {
                added.merge(new Window(v.venueId(), v.day().plusDays(i)), 1, Integer::sum);
            }
        }
        List<Window> windows = new ArrayList<>(added.keySet());
        return counts.daysWithScans(conn, windows, window).invoke(now -> {
            for (int i = 0; i < windows.size(); i++) {
                Window w = windows.get(i);
                if (now.get(i) >= threshold && now.get(i) - added.get(w) < threshold) {
                    for (String area : venuePath.get(w.venueId())) {
                        deltas.at(area, w.day()).regularVenues++;
                    }
                }
            }
        }).replaceWithVoid();
    }

    @Override
    public Uni<Void> probe() {
        return counts.pool().query("SELECT 1").execute().replaceWithVoid();
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    private CheckinEvent read(StreamEntry entry) {
        try {
            CheckinEvent e = json.readValue(entry.event(), CheckinEvent.class);
            if (e.id() == null || e.personRef() == null || e.occurredAt() == null || e.communeCode() == null) {
                throw new IllegalArgumentException("check-in event " + entry.id() + " lacks id, personRef, occurredAt or communeCode");
            }
            return e;
        } catch (java.io.IOException ex) {
            // No event text in the message: keep logs free of anything personal.
            throw new IllegalArgumentException("unreadable check-in event " + entry.id());
        }
    }
}
