package vn.qrcheckin.venue.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.venue.domain.AdminLevel;

/** Administrative units in PostgreSQL (the system of record); reads are served from memory. */
@ApplicationScoped
public class AdminUnitRepository {

    /** A unit as stored, without derived fields. */
    public record StoredUnit(String code, String name, String type, AdminLevel level, String parentCode) {
    }

    private final Pool pool;

    public AdminUnitRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<StoredUnit>> findAll() {
        return pool.query("select code, name, unit_type, level, parent_code from admin_unit order by code").execute()
                .map(rows -> {
                    List<StoredUnit> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new StoredUnit(r.getString(0), r.getString(1), r.getString(2), AdminLevel.valueOf(r.getString(3)),
                                r.getString(4)));
                    }
                    return out;
                });
    }

    /** Inserts units parents first; existing codes are left alone so a restart or a second instance is harmless. */
    public Uni<Void> insertAll(List<StoredUnit> units) {
        List<Tuple> tuples = new ArrayList<>(units.size());
        for (StoredUnit u : units) {
            tuples.add(Tuple.of(u.code(), u.name(), u.type(), u.level().name(), u.parentCode()));
        }
        return pool.withTransaction(conn -> conn
                .preparedQuery("insert into admin_unit (code, name, unit_type, level, parent_code) values ($1, $2, $3, $4, $5) "
                        + "on conflict (code) do nothing")
                .executeBatch(tuples))
                .replaceWithVoid();
    }
}
