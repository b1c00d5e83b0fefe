package vn.qrcheckin.report.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.report.domain.Area;

/** Venues as report keeps them ({@code report_venues}): their latest state, locked while a change is counted. */
@ApplicationScoped
public class VenueRepository {

    /** A venue's state; version 0 = not known yet (a row to lock on). */
    public record VenueRow(long venueId, long version, String name, String venueType, String communeCode, String districtCode,
            String provinceCode, LocalDate registeredDay, boolean suspended, boolean nonCompliant) {
    }

    /** A venue without a scan in the asked window. */
    public record Inactive(long venueId, String name, String venueType, String communeCode, LocalDate registeredDay, LocalDate lastScanDay) {
    }

    private final Pool pool;

    public VenueRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Locks the venues' rows in id order and answers their current states. Unknown venues first get an empty row
     * (version 0), so that two instances applying the same new venue wait on one row instead of both counting it.
     */
    public Uni<Map<Long, VenueRow>> lock(SqlConnection conn, Long[] sortedIds) {
        return conn.preparedQuery("INSERT INTO report_venues (venue_id, version) SELECT v, 0 FROM unnest($1::bigint[]) AS v ON CONFLICT DO NOTHING")
                .execute(Tuple.of((Object) sortedIds))
                .chain(() -> conn.preparedQuery("SELECT venue_id, version, name, venue_type, commune_code, district_code, province_code, "
                        + "registered_day, suspended, non_compliant FROM report_venues WHERE venue_id = ANY($1) ORDER BY venue_id FOR UPDATE")
                        .execute(Tuple.of((Object) sortedIds)))
                .map(rows -> {
                    Map<Long, VenueRow> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getLong(0), new VenueRow(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5), r.getString(6), r.getLocalDate(7), r.getBoolean(8), r.getBoolean(9)));
                    }
                    return out;
                });
    }

    /** Writes the venues' new states (one statement). */
    public Uni<Void> update(SqlConnection conn, List<VenueRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE report_venues v SET version = u.version, name = u.name, venue_type = u.venue_type, "
                + "commune_code = u.commune_code, district_code = u.district_code, province_code = u.province_code, "
                + "registered_day = u.registered_day, suspended = u.suspended, non_compliant = u.non_compliant "
                + "FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::boolean[], "
                + "$10::boolean[]) AS u(venue_id, version, name, venue_type, commune_code, district_code, province_code, registered_day, "
                + "suspended, non_compliant) WHERE v.venue_id = u.venue_id")
                .execute(Tuple.from(new Object[] { rows.stream().map(VenueRow::venueId).toArray(Long[]::new),
                        rows.stream().map(VenueRow::version).toArray(Long[]::new), rows.stream().map(VenueRow::name).toArray(String[]::new),
                        rows.stream().map(VenueRow::venueType).toArray(String[]::new), rows.stream().map(VenueRow::communeCode).toArray(String[]::new),
                        rows.stream().map(VenueRow::districtCode).toArray(String[]::new),
                        rows.stream().map(VenueRow::provinceCode).toArray(String[]::new),
                        rows.stream().map(VenueRow::registeredDay).toArray(LocalDate[]::new),
                        rows.stream().map(VenueRow::suspended).toArray(Boolean[]::new),
                        rows.stream().map(VenueRow::nonCompliant).toArray(Boolean[]::new) }))
                .replaceWithVoid();
    }

    /**
     * Known venues of the area without a scan on {@code since} or later, after a venue id, by id: a walk of the
     * area's venue index with one last-scan probe each.
     */
    public Uni<List<Inactive>> inactive(Area area, LocalDate since, long after, int limit) {
        String where = switch (area.level()) {
            case NATION -> "";
            case PROVINCE -> "v.province_code = $4 AND ";
            case DISTRICT -> "v.district_code = $4 AND ";
            case COMMUNE -> "v.commune_code = $4 AND ";
        };
        return pool.preparedQuery("SELECT v.venue_id, v.name, v.venue_type, v.commune_code, v.registered_day, s.last_day FROM report_venues v "
                + "LEFT JOIN venue_last_scan s ON s.venue_id = v.venue_id WHERE " + where + "v.version > 0 AND v.venue_id > $1 "
                + "AND (s.last_day IS NULL OR s.last_day < $2) ORDER BY v.venue_id LIMIT $3")
                .execute(area.level() == Area.Level.NATION ? Tuple.of(after, since, limit) : Tuple.of(after, since, limit, area.code()))
                .map(rows -> {
                    List<Inactive> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Inactive(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getLocalDate(4), r.getLocalDate(5)));
                    }
                    return out;
                });
    }
}
