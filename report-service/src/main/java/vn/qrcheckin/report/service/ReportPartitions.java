package vn.qrcheckin.report.service;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.report.config.ReportConfig;

/**
 * The day partitions of the counting sets: the retention window and a few days ahead exist, older days are dropped
 * whole. venue_days keeps one regularity window more: a venue-day at the window's oldest edge counts the days
 * before it. At start (before the consumer's first batch) and every hour. Creating and dropping wait briefly for
 * their locks (see V3__partition_maintenance_locks.sql): a table whose partitions could not be made or dropped in
 * time, behind a long query, is left as it is until the next run.
 */
@ApplicationScoped
public class ReportPartitions {

    private static final Logger LOG = Logger.getLogger(ReportPartitions.class);

    private final Pool pool;
    private final ReportConfig config;

    public ReportPartitions(Pool pool, ReportConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        maintain(Days.today()).await().indefinitely();
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> hourly() {
        return maintain(Days.today()).replaceWithVoid();
    }

    /** Makes the partitions of the window around {@code today} and drops older ones; answers how many were dropped. */
    public Uni<Integer> maintain(LocalDate today) {
        LocalDate first = today.minusDays(config.retention().toDays() - 1);
        LocalDate last = today.plusDays(config.partitionsAhead());
        LocalDate firstVenueDay = first.minusDays(config.regularWindow() - 1L);
        return keep("counted_checkins", first, last)
                .chain(a -> keep("person_days", first, last).map(b -> a + b))
                .chain(ab -> keep("venue_days", firstVenueDay, last).map(c -> ab + c))
                .invoke(dropped -> {
                    if (dropped > 0) {
                        LOG.infof("dropped %d day partitions before %s (retention %s)", dropped, first, config.retention());
                    }
                });
    }

    private Uni<Integer> keep(String table, LocalDate first, LocalDate last) {
        return pool.preparedQuery("SELECT ensure_day_partitions($1, $2, $3)").execute(Tuple.of(table, first, last))
                .chain(() -> pool.preparedQuery("SELECT drop_day_partitions_before($1, $2)").execute(Tuple.of(table, first)))
                .map(rows -> rows.iterator().next().getInteger(0))
                .onFailure(ReportPartitions::lockNotGranted).recoverWithItem(e -> {
                    LOG.warnf("day partitions of %s not maintained: %s (tried again at the next run)", table, e.getMessage());
                    return 0;
                });
    }

    /** PostgreSQL's lock_not_available: a lock_timeout passed. */
    private static boolean lockNotGranted(Throwable e) {
        return e instanceof DatabaseException d && "55P03".equals(d.getSqlState());
    }
}
