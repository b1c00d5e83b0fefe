package vn.qrcheckin.report.repository;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.report.domain.Area;

/**
 * Distinct counts over a week, exact: counted from the day sets (people per area-day, venue-days), never from raw
 * check-ins. A week's distinct people are not a sum of days (one person on two days is one), so they are counted
 * when asked: one index range per day partition, 14 days for a week and the week before.
 */
@ApplicationScoped
public class WeekRepository {

    /** Distinct counts of the week ending on a day and of the week before it. */
    public record Distinct(long venues, long venuesBefore, long people, long peopleBefore) {
    }

    private final Pool pool;

    public WeekRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Distinct> distinct(Area area, LocalDate weekEnding) {
        String venueFilter = switch (area.level()) {
            case NATION -> "";
            case PROVINCE -> "province_code = $3 AND ";
            case DISTRICT -> "district_code = $3 AND ";
            case COMMUNE -> "commune_code = $3 AND ";
        };
        LocalDate first = weekEnding.minusDays(13);
        LocalDate split = weekEnding.minusDays(6);
        return pool.preparedQuery("SELECT (SELECT count(DISTINCT venue_id) FILTER (WHERE local_day >= $2) FROM venue_days WHERE " + venueFilter
                + "local_day BETWEEN $1 AND $4), "
                + "(SELECT count(DISTINCT venue_id) FILTER (WHERE local_day < $2) FROM venue_days WHERE " + venueFilter + "local_day BETWEEN $1 AND $4), "
                + "(SELECT count(DISTINCT person_ref) FROM person_days WHERE area_code = $3 AND local_day BETWEEN $2 AND $4), "
                + "(SELECT count(DISTINCT person_ref) FROM person_days WHERE area_code = $3 AND local_day BETWEEN $1 AND $2 - 1)")
                .execute(Tuple.of(first, split, area.code(), weekEnding))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Distinct(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
                });
    }
}
