package vn.qrcheckin.venue.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.contracts.units.AdminUnitRow;

/** Administrative units in PostgreSQL (the system of record); reads are served from memory. */
@ApplicationScoped
public class AdminUnitRepository {

    private final Pool pool;

    public AdminUnitRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<AdminUnitRow>> findAll() {
        return pool.query("select code, name, unit_type, level, parent_code from admin_unit order by code").execute()
                .map(rows -> {
                    List<AdminUnitRow> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new AdminUnitRow(r.getString(0), r.getString(1), r.getString(2), AdminLevel.valueOf(r.getString(3)),
                                r.getString(4)));
                    }
                    return out;
                });
    }

    /** Inserts units parents first; existing codes are left alone so a restart or a second instance is harmless. */
    public Uni<Void> insertAll(List<AdminUnitRow> units) {
        List<Tuple> tuples = new ArrayList<>(units.size());
        for (AdminUnitRow u : units) {
            tuples.add(Tuple.of(u.code(), u.name(), u.type(), u.level().name(), u.parentCode()));
        }
        return pool.withTransaction(conn -> conn
                .preparedQuery("insert into admin_unit (code, name, unit_type, level, parent_code) values ($1, $2, $3, $4, $5) "
                        + "on conflict (code) do nothing")
                .executeBatch(tuples))
                .replaceWithVoid();
    }
}
