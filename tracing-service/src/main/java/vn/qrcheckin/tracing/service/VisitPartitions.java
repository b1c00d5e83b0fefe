package vn.qrcheckin.tracing.service;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.contracts.Days;

/**
 * The day partitions of visits: the retention window and a few days ahead exist; older days are dropped whole
 * (never deleted row by row). At start (before the consumer's first batch matters) and every hour.
 */
@ApplicationScoped
public class VisitPartitions {

    private static final Logger LOG = Logger.getLogger(VisitPartitions.class);

    private final Pool pool;
    private final TracingConfig config;

    public VisitPartitions(Pool pool, TracingConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        maintain(Days.of(Instant.now())).await().indefinitely();
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> hourly() {
        return maintain(Days.of(Instant.now())).replaceWithVoid();
    }

    /** Creates the partitions of the retention window up to {@code partitions-ahead} days after {@code today}, drops older ones. */
    public Uni<Integer> maintain(LocalDate today) {
        LocalDate first = today.minusDays(config.tracing().retention().toDays() - 1);
        return pool.preparedQuery("SELECT ensure_visit_partitions($1, $2)").execute(Tuple.of(first, today.plusDays(config.tracing().partitionsAhead())))
                .chain(made -> pool.preparedQuery("SELECT drop_visit_partitions_before($1)").execute(Tuple.of(first))
                        .map(dropped -> {
                            int d = dropped.iterator().next().getInteger(0);
                            if (d > 0) {
                                LOG.infof("dropped %d day partitions of visits before %s (retention %s)", d, first, config.tracing().retention());
                            }
                            return d;
                        }));
    }
}
