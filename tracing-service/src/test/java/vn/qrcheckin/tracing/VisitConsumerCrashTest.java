package vn.qrcheckin.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.streams.config.ConsumerSettings;
import vn.qrcheckin.streams.consumer.BatchSink;
import vn.qrcheckin.streams.consumer.GroupConsumer;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.streams.messaging.GroupStreams;
import vn.qrcheckin.tracing.TestCheckins.P;
import vn.qrcheckin.tracing.messaging.VisitSink;

/**
 * The visits sink under the shared consumer, killed between its commit and its acknowledgement: another member
 * claims the batch and writes it again; every check-in ends up in visits exactly once (no duplicate, no gap).
 * Its own stream prefix, so the service's own tracing member does not take part.
 */
@QuarkusTest
class VisitConsumerCrashTest {

    /** Fast claims (a dead member's entries move after 1.5 s); partitions side by side as the service runs them. */
    private static final ConsumerSettings FAST = ConsumerSettings.fast().withConcurrency(4);

    @Inject
    TestCheckins data;
    @Inject
    VisitSink visits;
    @Inject
    GroupStreams streams;
    @Inject
    RedisDataSource redis;
    @Inject
    MeterRegistry metrics;
    @Inject
    Pool pool;

    @Test
    void aMemberKilledAfterItsCommitLeavesNoDuplicateAndNoGap() {
        String prefix = data.prefix() + "crash-" + UUID.randomUUID().toString().substring(0, 6) + ":";
        long venue = data.venue("Chợ Đồng Xuân", VenueType.MARKET);
        Instant t = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = "crash-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            redis.stream(String.class).xadd(StreamNames.checkins(prefix, StreamNames.partitionOf(venue)), Map.of(StreamNames.EVENT_FIELD,
                    data.event(id, P.phone(String.format("0916%06d", i), "Người " + i), venue, Direction.IN, t.plusSeconds(i))));
        }
        AtomicBoolean crashed = new AtomicBoolean();
        AtomicReference<GroupConsumer> first = new AtomicReference<>();
        BatchSink crashing = new BatchSink() {
            @Override
            public Uni<Void> write(List<StreamEntry> batch) {
                return visits.write(batch).invoke(() -> {
                    if (crashed.compareAndSet(false, true)) {
                        first.get().kill(); // committed; the acknowledgement never goes out
                    }
                });
            }
        };
        first.set(new GroupConsumer(streams, FAST, crashing, metrics, prefix, "tracing", "doomed"));
        first.get().start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(crashed::get);
        GroupConsumer second = new GroupConsumer(streams, FAST, visits, metrics, prefix, "tracing", "survivor");
        try {
            second.start().await().indefinitely();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stored(ids) == ids.size()
                    && streams.groups(StreamNames.checkins(prefix, StreamNames.partitionOf(venue))).await().indefinitely().get(0).pending() == 0);
        } finally {
            second.kill();
        }
        assertEquals(ids.size(), stored(ids), "every check-in once");
        assertEquals(ids.size(), pool.preparedQuery("SELECT count(*) FROM visits WHERE checkin_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new))).await().indefinitely().iterator().next().getLong(0));
    }

    private long stored(List<String> ids) {
        return pool.preparedQuery("SELECT count(DISTINCT checkin_id) FROM visits WHERE checkin_id = ANY($1)").execute(Tuple.of(ids.toArray(String[]::new)))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
