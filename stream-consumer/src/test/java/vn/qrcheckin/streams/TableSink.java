package vn.qrcheckin.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.streams.consumer.BatchSink;
import vn.qrcheckin.streams.consumer.StreamEntry;

/**
 * A sink as tracing's will be: one transaction per batch into a PostgreSQL table keyed on partition and entry id (a
 * repeat changes nothing). Test hooks: run something after the commit (a crash before the acknowledgement),
 * refuse entries whose event contains "poison", or fail everything (the store away).
 */
public class TableSink implements BatchSink {

    private final Pool pool;
    private final String table;
    public final AtomicInteger attempts = new AtomicInteger();
    public volatile Consumer<List<StreamEntry>> afterCommit = b -> {
    };
    public volatile boolean storeAway;

    public TableSink(Pool pool, String table) {
        this.pool = pool;
        this.table = table;
    }

    public Uni<Void> create() {
        return pool.query("create table if not exists " + table
                + " (partition int not null, entry_id text not null, event text not null, writes int not null default 1, primary key (partition, entry_id))").execute()
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> write(List<StreamEntry> batch) {
        attempts.incrementAndGet();
        if (storeAway) {
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }
        List<Tuple> rows = new ArrayList<>();
        for (StreamEntry e : batch) {
            rows.add(Tuple.of(e.id(), e.partition(), e.event()));
        }
        return pool.withTransaction(conn -> {
            for (StreamEntry e : batch) {
                if (e.event().contains("poison")) {
                    return Uni.createFrom().failure(new IllegalArgumentException("unreadable event"));
                }
            }
            return conn.preparedQuery("insert into " + table + " (entry_id, partition, event) values ($1, $2, $3) "
                    + "on conflict (partition, entry_id) do update set writes = " + table + ".writes + 1").executeBatch(rows);
        }).invoke(() -> afterCommit.accept(batch)).replaceWithVoid();
    }

    @Override
    public Uni<Void> probe() {
        return storeAway ? Uni.createFrom().failure(new IllegalStateException("connection refused"))
                : pool.query("select 1").execute().replaceWithVoid();
    }

    public long rows() {
        return pool.query("select count(*) from " + table).execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** Rows written more than once would mean a doubled count in a naive sink: how many were. */
    public long rewritten() {
        return pool.query("select count(*) from " + table + " where writes > 1").execute().await().indefinitely().iterator().next()
                .getLong(0);
    }

    /** Written entries as {@code partition/entry id} (entry ids repeat across partitions). */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        pool.query("select partition, entry_id from " + table).execute().await().indefinitely()
                .forEach(r -> ids.add(r.getInteger(0) + "/" + r.getString(1)));
        return ids;
    }
}
