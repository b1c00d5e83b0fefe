package vn.qrcheckin.venue.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.venue.domain.OutboxEntry;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Locks the oldest events that their own request did not publish within {@code graceSeconds} (Redis
     * was away, or the instance died). SKIP LOCKED lets several instances sweep at once.
     */
    public Uni<List<OutboxEntry>> lockStale(int limit, int graceSeconds) {
        return getSession().chain(session -> session
                .createNativeQuery("select * from venue_outbox where created_at < now() - make_interval(secs => :grace) "
                        + "order by id limit :limit for update skip locked", OutboxEntry.class)
                .setParameter("grace", graceSeconds)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Deletes published events in the current transaction. */
    public Uni<Long> deleteIds(List<Long> ids) {
        return delete("id in ?1", ids);
    }

    /** Deletes published events on its own (one statement, autocommit). */
    public Uni<Void> deletePublished(List<Long> ids) {
        return pool.preparedQuery("delete from venue_outbox where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Inserts events on the caller's connection (a bulk import's transaction) and sets their ids. */
    public Uni<List<OutboxEntry>> insertAll(SqlConnection conn, List<OutboxEntry> entries) {
        List<Tuple> rows = new ArrayList<>(entries.size());
        for (OutboxEntry e : entries) {
            rows.add(Tuple.of(e.payload, OffsetDateTime.ofInstant(e.createdAt, ZoneOffset.UTC)));
        }
        // One id per sequence value: safe beside Hibernate's pooled allocation on the same sequence.
        return conn.preparedQuery("insert into venue_outbox (id, payload, created_at) values (nextval('venue_outbox_seq'), $1, $2) "
                + "returning id")
                .executeBatch(rows)
                .map(result -> {
                    List<OutboxEntry> out = new ArrayList<>(entries.size());
                    var rowSet = result;
                    for (OutboxEntry e : entries) {
                        Row row = rowSet.iterator().next();
                        e.id = row.getLong(0);
                        out.add(e);
                        rowSet = rowSet.next();
                    }
                    return out;
                });
    }
}
