package vn.qrcheckin.tracing.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The append-only audit log: inserts and reads only (the table refuses updates and deletes itself). */
@ApplicationScoped
public class AuditRepository {

    /** One answer that revealed personal data. {@code personRefs}: whose (pseudonyms), for citizens' access log. */
    public record Entry(long id, Instant at, String actor, String role, String action, Long caseId, String provinceCode, String purpose, int people,
            List<String> personRefs) {
    }

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> append(String actor, String role, String action, Long caseId, String province, String purpose, List<String> personRefs) {
        return pool.preparedQuery("INSERT INTO audit_log (actor, role, action, case_id, province_code, purpose, people, person_refs) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] { actor, role, action, caseId, province, purpose, personRefs.size(),
                        personRefs.toArray(String[]::new) }))
                .replaceWithVoid();
    }

    public Uni<List<Entry>> list(long after, int limit) {
        return pool.preparedQuery("SELECT id, at, actor, role, action, case_id, province_code, purpose, people, person_refs FROM audit_log "
                + "WHERE id > $1 ORDER BY id LIMIT $2").execute(Tuple.of(after, limit)).map(AuditRepository::entries);
    }

    /** Entries whose answer held any of these people. */
    public Uni<List<Entry>> ofPeople(List<String> refs) {
        return pool.preparedQuery("SELECT id, at, actor, role, action, case_id, province_code, purpose, people, person_refs FROM audit_log "
                + "WHERE person_refs && $1 ORDER BY id").execute(Tuple.of(refs.toArray(String[]::new))).map(AuditRepository::entries);
    }

    private static List<Entry> entries(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Entry> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Entry(r.getLong(0), r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                    r.getString(6), r.getString(7), r.getInteger(8), List.of(r.getArrayOfStrings(9))));
        }
        return out;
    }
}
