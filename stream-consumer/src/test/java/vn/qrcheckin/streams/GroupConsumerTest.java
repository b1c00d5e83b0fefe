package vn.qrcheckin.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.consumer.BatchSink;
import vn.qrcheckin.streams.config.ConsumerSettings;
import vn.qrcheckin.streams.consumer.GroupConsumer;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.streams.messaging.GroupStreams;
import vn.qrcheckin.streams.messaging.StreamId;

/**
 * The group consumer against real Redis and PostgreSQL: nothing lost or doubled when a member dies before or
 * after its commit, members split the partitions, poison is dead-lettered and the partition moves on, an outage
 * dead-letters nothing. The expectation is always the set of entries appended, read back from Redis.
 */
@QuarkusTest
class GroupConsumerTest {

    @Inject
    GroupStreams streams;
    @Inject
    RedisDataSource redis;
    @Inject
    Pool pool;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "qrcheckin.streams.key-prefix")
    String runPrefix;

    private final List<GroupConsumer> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(GroupConsumer::kill);
    }

    /** A fresh set of partitions for one test: its own prefix under the run's. */
    private String prefix() {
        return runPrefix + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private TableSink sink() {
        TableSink sink = new TableSink(pool, "consumed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        sink.create().await().indefinitely();
        return sink;
    }

    private GroupConsumer member(String prefix, String name, TableSink sink, ConsumerSettings settings) {
        GroupConsumer c = new GroupConsumer(streams, settings, sink, metrics, prefix, "tracing", name);
        started.add(c);
        return c;
    }

    /** Appends {@code n} events spread over every partition; returns them as {@code partition/entry id}. */
    private Set<String> append(String prefix, int n, String marker) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int partition = i % StreamNames.CHECKIN_PARTITIONS;
            String key = StreamNames.checkins(prefix, partition);
            ids.add(partition + "/" + redis.stream(String.class).xadd(key, Map.of(StreamNames.EVENT_FIELD, "{\"id\":\"" + marker + i + "\"}")));
        }
        return ids;
    }

    private long pending(String prefix) {
        long total = 0;
        for (String key : GroupStreams.checkinStreams(prefix)) {
            total += streams.groups(key).await().indefinitely().stream().filter(g -> g.name().equals("tracing"))
                    .mapToLong(GroupStreams.GroupInfo::pending).sum();
        }
        return total;
    }

    /** Starts the member and kills it right after its first batch committed, before the acknowledgement. */
    private static void crashAfterItsFirstCommit(GroupConsumer member, TableSink sink) {
        AtomicBoolean crashed = new AtomicBoolean();
        sink.afterCommit = batch -> {
            if (crashed.compareAndSet(false, true)) {
                member.kill();
            }
        };
        member.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(crashed::get);
        sink.afterCommit = batch -> {
        };
    }

    @Test
    void aMemberKilledBetweenCommitAndAcknowledgementLosesAndDoublesNothing() {
        String prefix = prefix();
        Set<String> appended = append(prefix, 400, "c");
        TableSink sink = sink();
        crashAfterItsFirstCommit(member(prefix, "first", sink, ConsumerSettings.fast()), sink);
        long committedByFirst = sink.rows();
        assertTrue(committedByFirst > 0);
        GroupConsumer second = member(prefix, "second", sink, ConsumerSettings.fast());
        second.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sink.rows() == appended.size() && pending(prefix) == 0);

        assertEquals(appended, new HashSet<>(sink.ids()));
        // The crashed batch was claimed and written again: the keyed write kept one row per entry.
        assertTrue(sink.rewritten() >= 1, "the crashed batch is delivered again");
        assertEquals(committedByFirst, sink.rewritten(), "exactly the crashed batch was written twice");
    }

    @Test
    void aMemberRestartedUnderItsNameRereadsItsOwnPendingEntries() {
        String prefix = prefix();
        Set<String> appended = append(prefix, 120, "r");
        TableSink sink = sink();
        crashAfterItsFirstCommit(member(prefix, "pod-a", sink, ConsumerSettings.fast()), sink);
        // Long claim idle: only the restarted member's own re-read can bring the batch back.
        GroupConsumer after = member(prefix, "pod-a", sink, ConsumerSettings.fast().withClaimIdle(Duration.ofMinutes(10)));
        after.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.rows() == appended.size() && pending(prefix) == 0);
        assertEquals(appended, new HashSet<>(sink.ids()));
    }

    @Test
    void twoMembersSplitThePartitionsAndEachEntryIsWrittenOnce() {
        String prefix = prefix();
        TableSink sink = sink();
        GroupConsumer a = member(prefix, "a", sink, ConsumerSettings.fast());
        GroupConsumer b = member(prefix, "b", sink, ConsumerSettings.fast());
        a.start().await().indefinitely();
        b.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> a.owned().size() == StreamNames.CHECKIN_PARTITIONS / 2 && b.owned().size() == StreamNames.CHECKIN_PARTITIONS / 2);
        Set<String> both = new HashSet<>(a.owned());
        both.addAll(b.owned());
        assertEquals(new HashSet<>(GroupStreams.checkinStreams(prefix)), both, "every partition has one owner");

        Set<String> appended = append(prefix, 400, "s");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.rows() == appended.size());
        assertEquals(appended, new HashSet<>(sink.ids()));
        assertEquals(0, sink.rewritten());
        assertEquals(appended.size(), a.written() + b.written());
        assertTrue(a.written() > 0 && b.written() > 0, "both members wrote");
    }

    @Test
    void partitionsWrittenSideBySideKeepEachPartitionsOrderAndWriteEachEntryOnce() {
        String prefix = prefix();
        TableSink table = sink();
        Set<String> appended = append(prefix, 800, "m");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Map<Integer, String> lastOf = new ConcurrentHashMap<>();
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        BatchSink sink = batch -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            for (StreamEntry e : batch) {
                String last = lastOf.put(e.partition(), e.id());
                if (last != null && StreamId.parse(last).compareTo(StreamId.parse(e.id())) >= 0) {
                    outOfOrder.add(e.partition() + "/" + e.id() + " after " + last);
                }
            }
            // Slow enough that the other partitions' batches are read and written meanwhile.
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(30)).chain(() -> table.write(batch))
                    .eventually(inFlight::decrementAndGet);
        };
        GroupConsumer c = new GroupConsumer(streams, ConsumerSettings.fast().withConcurrency(4), sink, metrics, prefix, "tracing", "side");
        started.add(c);
        c.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> table.rows() == appended.size() && pending(prefix) == 0);
        assertEquals(appended, new HashSet<>(table.ids()));
        assertEquals(0, table.rewritten());
        assertEquals(List.of(), outOfOrder, "a partition's batches are written in stream order");
        assertEquals(4, mostAtOnce.get(), "four partitions were written at once, never more");
    }

    @Test
    void aDeadMembersEntriesAreClaimedByTheOther() {
        String prefix = prefix();
        TableSink sink = sink();
        TableSink deadSink = sink(); // the dead member's store: its writes never count
        GroupConsumer dead = member(prefix, "dead", deadSink, ConsumerSettings.fast());
        deadSink.storeAway = true;
        dead.start().await().indefinitely();
        Set<String> appended = append(prefix, 200, "d");
        // It read (so holds pending entries) and failed to write; then it dies.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending(prefix) > 0);
        dead.kill();

        GroupConsumer alive = member(prefix, "alive", sink, ConsumerSettings.fast());
        alive.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sink.rows() == appended.size() && pending(prefix) == 0);
        assertEquals(appended, new HashSet<>(sink.ids()));
        assertEquals(0, deadSink.rows());
    }

    @Test
    void aPoisonEntryIsDeadLetteredAndThePartitionMovesOn() {
        String prefix = prefix();
        String key = StreamNames.checkins(prefix, 0);
        Set<String> good = new HashSet<>();
        good.addAll(append(prefix, 30, "before"));
        String poison = redis.stream(String.class).xadd(key, Map.of(StreamNames.EVENT_FIELD, "{\"id\":\"poison\"}"));
        good.addAll(append(prefix, 30, "after"));
        TableSink sink = sink();
        GroupConsumer c = member(prefix, "p", sink, ConsumerSettings.fast());
        c.start().await().indefinitely();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.rows() == good.size() && pending(prefix) == 0);
        assertEquals(good, new HashSet<>(sink.ids()));
        List<StreamMessage<String, String, String>> letters = redis.stream(String.class).xrange(StreamNames.deadLetters(prefix),
                StreamRange.of("-", "+"));
        assertEquals(1, letters.size());
        Map<String, String> letter = letters.get(0).payload();
        assertEquals(poison, letter.get("id"));
        assertFalse(sink.ids().contains("0/" + poison));
        assertEquals(key, letter.get("stream"));
        assertEquals("tracing", letter.get("group"));
        assertEquals("{\"id\":\"poison\"}", letter.get(StreamNames.EVENT_FIELD));
        assertTrue(letter.get("reason").contains("unreadable event"), letter.get("reason"));
        assertEquals("3", letter.get("failures"), "max-deliveries failures while the store answered");
    }

    @Test
    void whileTheStoreIsAwayNothingIsDeadLetteredAndEverythingArrivesAfter() throws InterruptedException {
        String prefix = prefix();
        Set<String> appended = append(prefix, 100, "o");
        TableSink sink = sink();
        sink.storeAway = true;
        GroupConsumer c = member(prefix, "o", sink, ConsumerSettings.fast());
        c.start().await().indefinitely();
        // Far more rounds than max-deliveries (3) while the store is away.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.attempts.get() > 40);
        sink.storeAway = false;
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.rows() == appended.size() && pending(prefix) == 0);
        assertEquals(appended, new HashSet<>(sink.ids()));
        assertFalse(redis.key().exists(StreamNames.deadLetters(prefix)), "an outage dead-letters nothing");
    }

    @Test
    void aGroupRedisLostIsCreatedAgainAndReadFromTheStart() {
        String prefix = prefix();
        TableSink sink = sink();
        GroupConsumer c = member(prefix, "g", sink, ConsumerSettings.fast());
        c.start().await().indefinitely();
        Set<String> first = append(prefix, 40, "before");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.rows() == first.size());
        // Redis restarted without persistence for the groups: they are gone, the entries (say, from a replica) remain.
        for (String key : GroupStreams.checkinStreams(prefix)) {
            redis.execute("XGROUP", "DESTROY", key, "tracing");
        }
        Set<String> second = append(prefix, 40, "after");
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> sink.rows() == all.size() && pending(prefix) == 0);
        assertEquals(all, new HashSet<>(sink.ids()));
    }

    @Test
    void pendingEntriesTrimmedAwayAreAcknowledgedAndTheRestWritten() {
        String prefix = prefix();
        String key = StreamNames.checkins(prefix, 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(redis.stream(String.class).xadd(key, Map.of(StreamNames.EVENT_FIELD, "{\"n\":" + i + "}")));
        }
        TableSink sink = sink();
        sink.storeAway = true;
        GroupConsumer c = member(prefix, "t", sink, ConsumerSettings.fast());
        c.start().await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending(prefix) == 20);
        // The first ten are trimmed while pending (the group was trimmed past); then the store answers again.
        redis.execute("XTRIM", key, "MINID", ids.get(10));
        sink.storeAway = false;
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> pending(prefix) == 0);
        Set<String> expected = new HashSet<>();
        ids.subList(10, 20).forEach(id -> expected.add("2/" + id));
        assertEquals(expected, new HashSet<>(sink.ids()));
    }
}
