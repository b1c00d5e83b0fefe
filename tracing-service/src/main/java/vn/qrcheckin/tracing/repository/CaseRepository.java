package vn.qrcheckin.tracing.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.tracing.domain.TracingCase;

@ApplicationScoped
public class CaseRepository {

    private static final String COLUMNS = "id, label, id_type, person_ref, phone_ref, number_enc, infectious_from, infectious_to, province_code, "
            + "status, created_by, created_at, closed_at";

    private final Pool pool;

    public CaseRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<TracingCase> insert(TracingCase c) {
        return pool.preparedQuery("INSERT INTO cases (label, id_type, person_ref, phone_ref, number_enc, infectious_from, infectious_to, "
                + "province_code, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { c.label(), c.idType(), c.personRef(), c.phoneRef(), c.numberEnc(),
                        VisitRepository.utc(c.infectiousFrom()), VisitRepository.utc(c.infectiousTo()), c.provinceCode(), c.createdBy() }))
                .map(rows -> of(rows.iterator().next()));
    }

    public Uni<Optional<TracingCase>> find(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM cases WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    /** Cases after {@code after} (keyset), of one province or (null) all, newest ids last. */
    public Uni<List<TracingCase>> list(String province, String status, long after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM cases WHERE id > $1 AND ($2::text IS NULL OR province_code = $2) "
                + "AND ($3::text IS NULL OR status = $3) ORDER BY id LIMIT $4")
                .execute(Tuple.of(after, province, status, limit))
                .map(rows -> {
                    List<TracingCase> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(of(r));
                    }
                    return out;
                });
    }

    public Uni<Optional<TracingCase>> close(long id) {
        return pool.preparedQuery("UPDATE cases SET status = 'CLOSED', closed_at = coalesce(closed_at, now()) WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    private static TracingCase of(Row r) {
        return new TracingCase(r.getLong("id"), r.getString("label"), r.getString("id_type"), r.getString("person_ref"), r.getString("phone_ref"),
                r.getString("number_enc"), instant(r.getOffsetDateTime("infectious_from")), instant(r.getOffsetDateTime("infectious_to")),
                r.getString("province_code"), r.getString("status"), r.getString("created_by"), instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("closed_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
