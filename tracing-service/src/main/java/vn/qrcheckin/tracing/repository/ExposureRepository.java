package vn.qrcheckin.tracing.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Published exposure sites: a venue and a time window, never a person. */
@ApplicationScoped
public class ExposureRepository {

    public record Site(long id, long caseId, long venueId, String venueName, String communeCode, String provinceCode, Instant from, Instant to,
            Instant publishedAt) {
    }

    private final Pool pool;

    public ExposureRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Site>> publish(List<Site> sites) {
        if (sites.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> rows = new ArrayList<>();
        for (Site s : sites) {
            rows.add(Tuple.from(new Object[] { s.caseId(), s.venueId(), s.venueName(), s.communeCode(), s.provinceCode(),
                    VisitRepository.utc(s.from()), VisitRepository.utc(s.to()) }));
        }
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO exposure_sites (case_id, venue_id, venue_name, commune_code, "
                + "province_code, from_at, to_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, case_id, venue_id, venue_name, commune_code, "
                + "province_code, from_at, to_at, published_at").executeBatch(rows))
                .map(result -> {
                    List<Site> out = new ArrayList<>();
                    for (var set = result; set != null; set = set.next()) {
                        for (Row r : set) {
                            out.add(site(r));
                        }
                    }
                    return out;
                });
    }

    /** Sites published after {@code since}, oldest first, at most {@code limit}. */
    public Uni<List<Site>> since(Instant since, int limit) {
        return pool.preparedQuery("SELECT id, case_id, venue_id, venue_name, commune_code, province_code, from_at, to_at, published_at "
                + "FROM exposure_sites WHERE published_at > $1 ORDER BY published_at, id LIMIT $2")
                .execute(Tuple.of(VisitRepository.utc(since), limit))
                .map(rows -> {
                    List<Site> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(site(r));
                    }
                    return out;
                });
    }

    private static Site site(Row r) {
        return new Site(r.getLong(0), r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5), r.getOffsetDateTime(6).toInstant(),
                r.getOffsetDateTime(7).toInstant(), r.getOffsetDateTime(8).toInstant());
    }
}
