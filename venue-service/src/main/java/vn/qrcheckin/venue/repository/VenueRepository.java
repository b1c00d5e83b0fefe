package vn.qrcheckin.venue.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.domain.VenueStatus;

@ApplicationScoped
public class VenueRepository implements PanacheRepositoryBase<Venue, Long> {

    /** Filters of a venue listing; null means "any". */
    public record Filter(String area, String ownerSubject, VenueType type, VenueStatus status, String foldedQuery,
            boolean nonCompliantOnly) {
    }

    /** What consumers know of a venue (no owner contact), at its stored version. */
    public record VenueState(long id, String name, VenueType type, String communeCode, String districtCode, String provinceCode,
            VenueStatus status, String ownerSubject, Instant updatedAt, long version, Instant createdAt, boolean nonCompliant) {
    }

    private final Pool pool;

    public VenueRepository(Pool pool) {
        this.pool = pool;
    }

    /** Draws {@code count} new venue ids in one round trip (sequences are not transactional: any client will do). */
    public Uni<List<Long>> allocateIds(int count) {
        return allocateIds(pool, count);
    }

    /** Draws {@code count} new venue ids through the given client (a bulk import's connection). */
    public Uni<List<Long>> allocateIds(SqlClient client, int count) {
        return client.preparedQuery("select nextval('venue_seq') from generate_series(1, $1)").execute(Tuple.of(count))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>(count);
                    for (Row r : rows) {
                        ids.add(r.getLong(0));
                    }
                    return ids;
                });
    }

    /**
     * Inserts new venues (ids and tokens set) on the caller's connection in one pipelined batch: a bulk
     * import writes thousands of rows, and one statement per round trip would dominate its time.
     */
    public Uni<Void> insertAll(SqlConnection conn, List<Venue> venues) {
        List<Tuple> rows = new ArrayList<>(venues.size());
        for (Venue v : venues) {
            rows.add(Tuple.tuple()
                    .addLong(v.id).addString(v.name).addString(v.searchName).addString(v.type.name()).addString(v.address)
                    .addString(v.communeCode).addString(v.districtCode).addString(v.provinceCode).addString(v.ownerSubject)
                    .addString(v.ownerName).addString(v.ownerPhone).addDouble(v.latitude).addDouble(v.longitude)
                    .addString(v.status.name()).addString(v.qrToken).addString(v.qrKeyId)
                    .addOffsetDateTime(OffsetDateTime.ofInstant(v.createdAt, ZoneOffset.UTC))
                    .addOffsetDateTime(OffsetDateTime.ofInstant(v.updatedAt, ZoneOffset.UTC))
                    .addLong(v.version));
        }
        return conn.preparedQuery("insert into venue (id, name, search_name, venue_type, address, commune_code, district_code, "
                + "province_code, owner_subject, owner_name, owner_phone, latitude, longitude, status, qr_token, qr_key_id, created_at, "
                + "updated_at, version) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** One keyset page: ids greater than {@code after}, in id order, at most {@code limit}. */
    public Uni<List<Venue>> page(Filter filter, long after, int limit) {
        StringBuilder where = new StringBuilder("id > :after");
        Parameters params = Parameters.with("after", after);
        if (filter.area() != null) {
            where.append(" and (provinceCode = :area or districtCode = :area or communeCode = :area)");
            params.and("area", filter.area());
        }
        if (filter.ownerSubject() != null) {
            where.append(" and ownerSubject = :owner");
            params.and("owner", filter.ownerSubject());
        }
        if (filter.type() != null) {
            where.append(" and type = :type");
            params.and("type", filter.type());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.foldedQuery() != null) {
            where.append(" and searchName like :q");
            params.and("q", "%" + escapeLike(filter.foldedQuery()) + "%");
        }
        if (filter.nonCompliantOnly()) {
            where.append(" and (nonCompliant = true or flaggedForSuspension = true or status = :suspended)");
            params.and("suspended", VenueStatus.SUSPENDED);
        }
        return find(where + " order by id", params).range(0, limit - 1).list();
    }

    /**
     * One keyset page of venue states in id order, in one statement: a single snapshot of the table, so the
     * page holds every change committed before the statement began.
     */
    public Uni<List<VenueState>> states(long after, int limit) {
        return pool.preparedQuery("select id, name, venue_type, commune_code, district_code, province_code, status, owner_subject, "
                + "updated_at, version, created_at, non_compliant from venue where id > $1 order by id limit $2")
                .execute(Tuple.of(after, limit))
                .map(rows -> {
                    List<VenueState> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new VenueState(r.getLong("id"), r.getString("name"), VenueType.valueOf(r.getString("venue_type")),
                                r.getString("commune_code"), r.getString("district_code"), r.getString("province_code"),
                                VenueStatus.valueOf(r.getString("status")), r.getString("owner_subject"),
                                r.getOffsetDateTime("updated_at").toInstant(), r.getLong("version"),
                                r.getOffsetDateTime("created_at").toInstant(), r.getBoolean("non_compliant")));
                    }
                    return out;
                });
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
