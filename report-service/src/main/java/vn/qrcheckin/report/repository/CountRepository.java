package vn.qrcheckin.report.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The sets that decide what a batch may count: check-in ids, people per area-day and venues per day. Each insert
 * answers the rows that were new, and only those move the roll-ups; all in the batch's transaction.
 */
@ApplicationScoped
public class CountRepository {

    /** A venue scanned on a day, with the codes it counts in (as at the check-in). */
    public record VenueDay(long venueId, LocalDate day, String communeCode, String districtCode, String provinceCode) {
    }

    /** A person seen in an area on a day. */
    public record PersonDay(LocalDate day, String area, String personRef) {
    }

    /** A venue and a day whose regularity window a new venue-day falls in. */
    public record Window(long venueId, LocalDate day) {
    }

    private final Pool pool;

    public CountRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Records the ids (one statement); answers the ids that were not recorded before: the ones to count.
     *
     * Keys go in sorted, here and in {@link #people}: ON CONFLICT waits on another transaction's uncommitted insert
     * of the same key, so two batches inserting shared keys in different orders (a person checks in at venues of
     * different partitions; a batch claimed while its first writer still runs) would deadlock; in one order the
     * second waits for the first.
     */
    public Uni<Set<String>> record(SqlConnection conn, LocalDate[] days, String[] ids) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.<Integer, LocalDate> comparing(i -> days[i]).thenComparing(i -> ids[i]));
        LocalDate[] sortedDays = new LocalDate[ids.length];
        String[] sortedIds = new String[ids.length];
        for (int i = 0; i < order.length; i++) {
            sortedDays[i] = days[order[i]];
            sortedIds[i] = ids[order[i]];
        }
        return conn.preparedQuery("INSERT INTO counted_checkins (local_day, checkin_id) SELECT * FROM unnest($1::date[], $2::text[]) "
                + "ON CONFLICT DO NOTHING RETURNING checkin_id")
                .execute(Tuple.of(sortedDays, sortedIds))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    rows.forEach(r -> fresh.add(r.getString(0)));
                    return fresh;
                });
    }

    /** Adds the people to their area-days' sets (in key order, see {@link #record}); answers the area-day of each new one. */
    public Uni<List<AreaDays.Key>> people(SqlConnection conn, List<PersonDay> unordered) {
        if (unordered.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<PersonDay> seen = unordered.stream().sorted(java.util.Comparator.comparing(PersonDay::day).thenComparing(PersonDay::area)
                .thenComparing(PersonDay::personRef)).toList();
        return conn.preparedQuery("INSERT INTO person_days (local_day, area_code, person_ref) SELECT * FROM unnest($1::date[], $2::text[], "
                + "$3::text[]) ON CONFLICT DO NOTHING RETURNING area_code, local_day")
                .execute(Tuple.of(seen.stream().map(PersonDay::day).toArray(LocalDate[]::new), seen.stream().map(PersonDay::area).toArray(String[]::new),
                        seen.stream().map(PersonDay::personRef).toArray(String[]::new)))
                .map(rows -> {
                    List<AreaDays.Key> fresh = new ArrayList<>();
                    for (Row r : rows) {
                        fresh.add(new AreaDays.Key(r.getString(0), r.getLocalDate(1)));
                    }
                    return fresh;
                });
    }

    /**
     * Takes each venue's transaction lock, in id order (so two batches never wait on each other in a circle): a
     * venue's days are then added and its regularity windows counted by one batch at a time, and a window sees
     * every day another batch committed for it.
     */
    public Uni<Void> lockVenues(SqlConnection conn, long[] sortedVenueIds) {
        Long[] ids = new Long[sortedVenueIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sortedVenueIds[i];
        }
        return conn.preparedQuery("SELECT pg_advisory_xact_lock(v) FROM unnest($1::bigint[]) AS v").execute(Tuple.of((Object) ids))
                .replaceWithVoid();
    }

    /** Adds venue-days; answers those that were new. Their venues' last scan day moves up with them. */
    public Uni<List<VenueDay>> venueDays(SqlConnection conn, List<VenueDay> seen) {
        if (seen.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("WITH fresh AS (INSERT INTO venue_days (local_day, venue_id, commune_code, district_code, province_code) "
                + "SELECT * FROM unnest($1::date[], $2::bigint[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING "
                + "RETURNING local_day, venue_id, commune_code, district_code, province_code), "
                + "latest AS (INSERT INTO venue_last_scan AS s (venue_id, last_day) SELECT venue_id, max(local_day) FROM fresh GROUP BY venue_id "
                + "ON CONFLICT (venue_id) DO UPDATE SET last_day = EXCLUDED.last_day WHERE s.last_day < EXCLUDED.last_day) "
                + "SELECT * FROM fresh")
                .execute(Tuple.of(seen.stream().map(VenueDay::day).toArray(LocalDate[]::new),
                        seen.stream().map(VenueDay::venueId).toArray(Long[]::new), seen.stream().map(VenueDay::communeCode).toArray(String[]::new),
                        seen.stream().map(VenueDay::districtCode).toArray(String[]::new),
                        seen.stream().map(VenueDay::provinceCode).toArray(String[]::new)))
                .map(rows -> {
                    List<VenueDay> fresh = new ArrayList<>();
                    for (Row r : rows) {
                        fresh.add(new VenueDay(r.getLong(1), r.getLocalDate(0), r.getString(2), r.getString(3), r.getString(4)));
                    }
                    return fresh;
                });
    }

    /**
     * For each window, on how many of the {@code window} days ending on its day the venue had scans. One statement
     * reads the venues' days over the span of all the windows (each day partition in it probed once by primary key
     * for all the venues), and the windows are counted here: a count per window in the statement (a correlated
     * subquery) probed every partition of venue_days once per window, 84 ms a batch of 500 (bench/report-consumer.sh).
     */
    public Uni<List<Integer>> daysWithScans(SqlConnection conn, List<Window> windows, int window) {
        if (windows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long[] venues = windows.stream().map(Window::venueId).distinct().toArray(Long[]::new);
        LocalDate last = windows.stream().map(Window::day).max(LocalDate::compareTo).orElseThrow();
        LocalDate first = windows.stream().map(Window::day).min(LocalDate::compareTo).orElseThrow().minusDays(window - 1L);
        return conn.preparedQuery("SELECT venue_id, local_day FROM venue_days WHERE venue_id = ANY($1) AND local_day BETWEEN $2 AND $3")
                .execute(Tuple.of(venues, first, last))
                .map(rows -> {
                    Map<Long, Set<LocalDate>> days = new HashMap<>();
                    for (Row r : rows) {
                        days.computeIfAbsent(r.getLong(0), k -> new HashSet<>()).add(r.getLocalDate(1));
                    }
                    List<Integer> out = new ArrayList<>(windows.size());
                    for (Window w : windows) {
                        Set<LocalDate> scanned = days.getOrDefault(w.venueId(), Set.of());
                        int n = 0;
                        for (int i = 0; i < window; i++) {
                            n += scanned.contains(w.day().minusDays(i)) ? 1 : 0;
                        }
                        out.add(n);
                    }
                    return out;
                });
    }
}
