package vn.qrcheckin.checkin.service;

import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.checkin.messaging.CheckinStreams;

/**
 * Refuses new check-ins (503 + Retry-After) for a partition whose consumers have fallen too far behind,
 * instead of letting Redis memory grow without bound. The backlog is sampled a few times a second, off
 * the request path.
 */
@Singleton // no client proxy: called on every check-in
public class Backpressure {

    private final CheckinStreams streams;
    private final CheckinConfig config;
    private final AtomicLongArray backlog;

    public Backpressure(CheckinStreams streams, CheckinConfig config, MeterRegistry metrics) {
        this.streams = streams;
        this.config = config;
        this.backlog = new AtomicLongArray(config.streams().partitions());
        Gauge.builder("checkins_backlog_max", this, Backpressure::worstBacklog)
                .description("largest number of unconsumed entries in one check-in partition").register(metrics);
    }

    public boolean engaged(int partition) {
        return backlog.get(partition) > config.backpressure().maxPending();
    }

    public int retryAfterSeconds() {
        return config.backpressure().retryAfterSeconds();
    }

    @Scheduled(every = "${qrcheckin.backpressure.check-every:PT0.25S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return Multi.createFrom().range(0, config.streams().partitions())
                .onItem().transformToUniAndMerge(p -> streams.backlog(config.redis().keyPrefix(), p).invoke(n -> backlog.set(p, n)))
                .collect().last()
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    double worstBacklog() {
        long worst = 0;
        for (int i = 0; i < backlog.length(); i++) {
            worst = Math.max(worst, backlog.get(i));
        }
        return worst;
    }
}
