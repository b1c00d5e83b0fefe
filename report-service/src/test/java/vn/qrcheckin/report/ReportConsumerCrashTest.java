package vn.qrcheckin.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.report.ReportData.Scan;
import vn.qrcheckin.report.messaging.ReportSink;
import vn.qrcheckin.streams.config.ConsumerSettings;
import vn.qrcheckin.streams.consumer.BatchSink;
import vn.qrcheckin.streams.consumer.GroupConsumer;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.streams.messaging.GroupStreams;

/**
 * The report sink under the shared consumer, a member killed between its commit and its acknowledgement: another
 * member claims the batch and writes it again, and every figure counts each check-in once (scans, people, active
 * venues). Its own stream prefix, so the service's own report member does not take part.
 */
@QuarkusTest
class ReportConsumerCrashTest {

    /** Fast claims (a dead member's entries move after 1.5 s); partitions side by side: their transactions bump the same area rows. */
    private static final ConsumerSettings FAST = ConsumerSettings.fast().withConcurrency(2).withBatchSize(40);

    @Inject
    ReportData data;
    @Inject
    ReportSink sink;
    @Inject
    GroupStreams streams;
    @Inject
    MeterRegistry metrics;

    @Test
    void aMemberKilledAfterItsCommitCountsNothingTwice() {
        String prefix = data.prefix() + "crash-" + UUID.randomUUID().toString().substring(0, 6) + ":";
        String commune = "00013"; // Phường Điện Biên, Ba Đình
        Instant t = Instant.now().minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.SECONDS);
        LocalDate day = Days.of(t);
        long scansBefore = sum("scans", commune, day);
        long peopleBefore = sum("people", commune, day);
        long activeBefore = sum("active_venues", commune, day);
        List<Long> venues = List.of(ReportData.newVenueId(), ReportData.newVenueId(), ReportData.newVenueId(), ReportData.newVenueId());
        List<Scan> scans = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            scans.add(new Scan(ReportData.newId("crash"), venues.get(i % venues.size()), commune, null, null, "p-crash-" + (i % 90), Direction.IN,
                    t.plusSeconds(i), null));
        }
        data.append(prefix, scans);
        AtomicBoolean crashed = new AtomicBoolean();
        AtomicReference<GroupConsumer> first = new AtomicReference<>();
        BatchSink crashing = new BatchSink() {
            @Override
            public Uni<Void> write(List<StreamEntry> batch) {
                return sink.write(batch).invoke(() -> {
                    if (crashed.compareAndSet(false, true)) {
                        first.get().kill(); // committed; the acknowledgement never goes out
                    }
                });
            }
        };
        first.set(new GroupConsumer(streams, FAST, crashing, metrics, prefix, "report", "doomed"));
        first.get().start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(crashed::get);
        GroupConsumer second = new GroupConsumer(streams, FAST, sink, metrics, prefix, "report", "survivor");
        try {
            second.start().await().indefinitely();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sum("scans", commune, day) - scansBefore >= scans.size()
                    && venues.stream().allMatch(v -> streams.groups(StreamNames.checkins(prefix, StreamNames.partitionOf(v))).await().indefinitely()
                            .get(0).pending() == 0));
        } finally {
            second.kill();
        }
        assertEquals(scans.size(), sum("scans", commune, day) - scansBefore, "every check-in once");
        assertEquals(90, sum("people", commune, day) - peopleBefore, "every person once");
        assertEquals(venues.size(), sum("active_venues", commune, day) - activeBefore, "every venue once");
        assertEquals(scans.size(), data.count("SELECT count(*) FROM counted_checkins WHERE checkin_id = ANY($1)",
                (Object) scans.stream().map(Scan::id).toArray(String[]::new)));
    }

    private long sum(String column, String area, LocalDate day) {
        return data.count("SELECT coalesce(sum(" + column + "), 0)::bigint FROM area_days WHERE area_code = $1 AND local_day = $2", area, day);
    }
}
