package vn.qrcheckin.report.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The roll-ups by area and local day ({@code area_days}) and the current venue counts by area
 * ({@code area_status}): bumped by deltas in one statement per batch, read for the figures.
 */
@ApplicationScoped
public class AreaDays {

    /** An area-day. Ordered by area then day: every writer locks rows in this order, so writers never deadlock. */
    public record Key(String area, LocalDate day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = area.compareTo(o.area);
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    /** What a batch adds to one area-day. */
    public static final class Delta {
        public long scans;
        public long people;
        public long declarations;
        public long symptomatic;
        public int activeVenues;
        public int regularVenues;
        public int newVenues;
        public int communesScanned;
        /** Venues that became suspended (+1) or were reinstated (-1) that day. */
        public int suspended;
        /** Venues found non-compliant (+1) or compliant again (-1) that day. */
        public int nonCompliant;

        boolean isZero() {
            return scans == 0 && people == 0 && declarations == 0 && symptomatic == 0 && activeVenues == 0 && regularVenues == 0
                    && newVenues == 0 && communesScanned == 0 && suspended == 0 && nonCompliant == 0;
        }
    }

    /** Deltas of a batch, by area-day. */
    public static final class Deltas {
        private final TreeMap<Key, Delta> byKey = new TreeMap<>();

        public Delta at(String area, LocalDate day) {
            return byKey.computeIfAbsent(new Key(area, day), k -> new Delta());
        }

        public Delta get(Key key) {
            return byKey.get(key);
        }

        public boolean isEmpty() {
            return byKey.values().stream().allMatch(Delta::isZero);
        }
    }

    /** One stored area-day; the changes are those of the suspended and non-compliant venue counts that day. */
    public record DayRow(LocalDate day, long scans, long people, long declarations, long symptomatic, int activeVenues, int regularVenues,
            int newVenues, int communesScanned, int suspendedChange, int nonCompliantChange) {
    }

    /** An area's current venue counts and its stored days from some day on. */
    public record Stored(int registered, int suspended, int nonCompliant, List<DayRow> days) {
    }

    /** What a venue change adds to an area's current counts. */
    public static final class StatusDelta {
        public int registered;
        public int suspended;
        public int nonCompliant;
    }

    private final Pool pool;

    public AreaDays(Pool pool) {
        this.pool = pool;
    }

    /** Adds the deltas (one statement); answers each touched area-day's scans after it, to tell first scans of a day. */
    public Uni<Map<Key, Long>> bump(SqlConnection conn, Deltas deltas) {
        List<Map.Entry<Key, Delta>> rows = deltas.byKey.entrySet().stream().filter(e -> !e.getValue().isZero()).toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = rows.size();
        String[] area = new String[n];
        LocalDate[] day = new LocalDate[n];
        Long[] scans = new Long[n];
        Long[] people = new Long[n];
        Long[] declarations = new Long[n];
        Long[] symptomatic = new Long[n];
        Integer[] active = new Integer[n];
        Integer[] regular = new Integer[n];
        Integer[] fresh = new Integer[n];
        Integer[] communes = new Integer[n];
        Integer[] suspended = new Integer[n];
        Integer[] nonCompliant = new Integer[n];
        for (int i = 0; i < n; i++) {
            Key k = rows.get(i).getKey();
            Delta d = rows.get(i).getValue();
            area[i] = k.area();
            day[i] = k.day();
            scans[i] = d.scans;
            people[i] = d.people;
            declarations[i] = d.declarations;
            symptomatic[i] = d.symptomatic;
            active[i] = d.activeVenues;
            regular[i] = d.regularVenues;
            fresh[i] = d.newVenues;
            communes[i] = d.communesScanned;
            suspended[i] = d.suspended;
            nonCompliant[i] = d.nonCompliant;
        }
        return conn.preparedQuery("INSERT INTO area_days AS a (area_code, local_day, scans, people, declarations, symptomatic, active_venues, "
                + "regular_venues, new_venues, communes_scanned, suspended_change, non_compliant_change) SELECT * FROM unnest($1::text[], "
                + "$2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], "
                + "$12::int[]) "
                + "ON CONFLICT (area_code, local_day) DO UPDATE SET scans = a.scans + EXCLUDED.scans, people = a.people + EXCLUDED.people, "
                + "declarations = a.declarations + EXCLUDED.declarations, symptomatic = a.symptomatic + EXCLUDED.symptomatic, "
                + "active_venues = a.active_venues + EXCLUDED.active_venues, regular_venues = a.regular_venues + EXCLUDED.regular_venues, "
                + "new_venues = a.new_venues + EXCLUDED.new_venues, communes_scanned = a.communes_scanned + EXCLUDED.communes_scanned, "
                + "suspended_change = a.suspended_change + EXCLUDED.suspended_change, "
                + "non_compliant_change = a.non_compliant_change + EXCLUDED.non_compliant_change "
                + "RETURNING area_code, local_day, scans")
                .execute(Tuple.from(new Object[] { area, day, scans, people, declarations, symptomatic, active, regular, fresh, communes, suspended,
                        nonCompliant }))
                .map(result -> {
                    Map<Key, Long> after = new HashMap<>();
                    for (Row r : result) {
                        after.put(new Key(r.getString(0), r.getLocalDate(1)), r.getLong(2));
                    }
                    return after;
                });
    }

    /** Adds to the areas' current venue counts (one statement, in area order). */
    public Uni<Void> bumpStatus(SqlConnection conn, TreeMap<String, StatusDelta> deltas) {
        List<Map.Entry<String, StatusDelta>> rows = deltas.entrySet().stream()
                .filter(e -> e.getValue().registered != 0 || e.getValue().suspended != 0 || e.getValue().nonCompliant != 0).toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] area = rows.stream().map(Map.Entry::getKey).toArray(String[]::new);
        Integer[] registered = rows.stream().map(e -> e.getValue().registered).toArray(Integer[]::new);
        Integer[] suspended = rows.stream().map(e -> e.getValue().suspended).toArray(Integer[]::new);
        Integer[] nonCompliant = rows.stream().map(e -> e.getValue().nonCompliant).toArray(Integer[]::new);
        return conn.preparedQuery("INSERT INTO area_status AS s (area_code, registered, suspended, non_compliant) "
                + "SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) ON CONFLICT (area_code) DO UPDATE SET "
                + "registered = s.registered + EXCLUDED.registered, suspended = s.suspended + EXCLUDED.suspended, "
                + "non_compliant = s.non_compliant + EXCLUDED.non_compliant")
                .execute(Tuple.of(area, registered, suspended, nonCompliant)).replaceWithVoid();
    }

    /**
     * Each area's current counts and its days from {@code from} on (one statement, primary-key range scans): what
     * every figure of any day from {@code from + 6} on is computed from, without a raw check-in.
     */
    public Uni<Map<String, Stored>> read(List<String> areas, LocalDate from) {
        return pool.preparedQuery("SELECT a.code, s.registered, s.suspended, s.non_compliant, d.local_day, d.scans, d.people, d.declarations, "
                + "d.symptomatic, d.active_venues, d.regular_venues, d.new_venues, d.communes_scanned, d.suspended_change, d.non_compliant_change "
                + "FROM unnest($1::text[]) AS a(code) "
                + "LEFT JOIN area_status s ON s.area_code = a.code "
                + "LEFT JOIN area_days d ON d.area_code = a.code AND d.local_day >= $2 ORDER BY a.code, d.local_day")
                .execute(Tuple.of(areas.toArray(String[]::new), from))
                .map(result -> {
                    Map<String, Stored> out = new HashMap<>();
                    for (Row r : result) {
                        String code = r.getString(0);
                        Stored s = out.computeIfAbsent(code, c -> new Stored(intOr0(r, 1), intOr0(r, 2), intOr0(r, 3), new ArrayList<>()));
                        if (r.getLocalDate(4) != null) {
                            s.days().add(new DayRow(r.getLocalDate(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getInteger(9),
                                    r.getInteger(10), r.getInteger(11), r.getInteger(12), r.getInteger(13), r.getInteger(14)));
                        }
                    }
                    return out;
                });
    }

    /** Of these communes, the ones with a scan on the day. */
    public Uni<List<String>> scanned(List<String> communes, LocalDate day) {
        return pool.preparedQuery("SELECT area_code FROM area_days WHERE local_day = $1 AND area_code = ANY($2) AND scans > 0")
                .execute(Tuple.of(day, communes.toArray(String[]::new)))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    private static int intOr0(Row r, int i) {
        Integer v = r.getInteger(i);
        return v == null ? 0 : v;
    }
}
