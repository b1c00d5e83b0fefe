package vn.qrcheckin.checkin.service;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.consumer.GroupLag;
import vn.qrcheckin.streams.messaging.GroupStreams;

/**
 * Refuses new check-ins (503 + Retry-After) for a partition whose gating consumer groups (tracing: it must
 * see every check-in) have fallen too far behind, instead of letting Redis memory grow without bound. It
 * follows their unacknowledged entries, not the stream's length: a stalled non-gating group (the dashboard)
 * never stops check-ins, and a gating group not created yet counts the whole partition. Sampled every
 * {@code qrcheckin.backpressure.check-every} (a quarter second by default), off the request path, on a Vert.x
 * timer: Quarkus's scheduler runs nothing more often than once a second.
 */
@Singleton // no client proxy: called on every check-in
public class Backpressure {

    private final GroupLag lag;
    private final CheckinConfig config;
    private final AtomicLongArray backlog = new AtomicLongArray(StreamNames.CHECKIN_PARTITIONS);
    private final AtomicBoolean sampling = new AtomicBoolean();
    private final Vertx vertx;
    private long timer = -1;

    public Backpressure(GroupLag lag, CheckinConfig config, MeterRegistry metrics, Vertx vertx) {
        this.lag = lag;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("checkins_backlog_max", this, Backpressure::worstBacklog)
                .description("largest number of check-ins a gating consumer group has not acknowledged in one partition").register(metrics);
    }

    public boolean engaged(int partition) {
        return backlog.get(partition) > config.backpressure().maxPending();
    }

    public int retryAfterSeconds() {
        return config.backpressure().retryAfterSeconds();
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(Math.max(10, config.backpressure().checkEvery().toMillis()), id -> {
            // A sample still running (Redis slow) is not overlapped by the next one.
            if (sampling.compareAndSet(false, true)) {
                sample().subscribe().with(v -> sampling.set(false), e -> sampling.set(false));
            }
        });
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    Uni<Void> sample() {
        return Multi.createFrom().iterable(GroupStreams.checkinStreams(config.redis().keyPrefix()))
                .onItem().transformToUniAndMerge(stream -> lag.partition(stream).invoke(p -> backlog.set(p.partition(), p.gatingBacklog())))
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
