package vn.qrcheckin.streams.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.config.StreamsConfig;
import vn.qrcheckin.streams.messaging.GroupStreams;
import vn.qrcheckin.streams.messaging.GroupStreams.Entry;

/**
 * One member of a consumer group over the check-in partitions.
 *
 * Members announce themselves in a sorted set; with {@code n} live members, the {@code i}-th owns the
 * partitions {@code p mod n = i} and only reads those, so a partition's entries are written in order by one
 * instance. Ownership moving between two members for a moment is harmless: the group still hands each entry
 * to one of them. Per owned partition a batch is read, written by the sink in one transaction, and
 * acknowledged only after it committed. The owner claims entries idle past {@code claim-idle} (a dead member's),
 * and reads its own pending entries again after a restart or a failed write. When a batch fails, its entries
 * are written one by one: one that still fails while the store answers ({@link BatchSink#probe}) counts a
 * failure, and at {@code max-deliveries} failures it is appended to the dead-letter stream and acknowledged,
 * so the partition moves on; while the store does not answer nothing counts, the member waits and retries.
 * A group Redis lost (restarted without persistence) is created again. One stream per command: partitions
 * sit in different Redis Cluster slots.
 */
public class GroupConsumer {

    private static final Logger LOG = Logger.getLogger(GroupConsumer.class);

    private final GroupStreams streams;
    private final StreamsConfig.Consumer config;
    private final BatchSink sink;
    private final MeterRegistry metrics;
    private final String prefix;
    private final String group;
    private final String name;
    private final List<String> all;
    private volatile boolean running;
    private volatile boolean killed;
    private volatile Cancellable inflight;
    private volatile List<String> owned = List.of();
    private long membersReadAt;
    private long claimedAt;
    /** Partitions whose own pending entries are read again next round (at start: a restart under the same name). */
    private final Set<String> retry = ConcurrentHashMap.newKeySet();
    /** Where the next claim of each partition starts (XAUTOCLAIM scans a window per call). */
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    /** Failures of single entries while the store answered, by stream and entry id. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();

    public GroupConsumer(GroupStreams streams, StreamsConfig.Consumer config, BatchSink sink, MeterRegistry metrics, String prefix,
            String group, String name) {
        if (StreamNames.CHECKIN_GROUPS.stream().noneMatch(g -> g.name().equals(group))) {
            throw new IllegalArgumentException("qrcheckin.streams.consumer.group: " + group + " is not a group of the contract "
                    + StreamNames.CHECKIN_GROUPS.stream().map(StreamNames.Group::name).toList());
        }
        this.streams = streams;
        this.config = config;
        this.sink = sink;
        this.metrics = metrics;
        this.prefix = prefix;
        this.group = group;
        this.name = name;
        this.all = GroupStreams.checkinStreams(prefix);
    }

    public String name() {
        return name;
    }

    /** Partition streams this member reads now. */
    public List<String> owned() {
        return owned;
    }

    /** Entries this member wrote and acknowledged. */
    public long written() {
        return written.get();
    }

    /** Creates the group where missing (from the start of the retained stream) and starts the loop. */
    public Uni<Void> start() {
        running = true;
        retry.addAll(all);
        return createGroups().invoke(this::loop);
    }

    /** Leaves the group: the others take over its partitions at once. Pending entries stay (claimed later). */
    public Uni<Void> stop() {
        running = false;
        cancel();
        return streams.leave(group, name, prefix);
    }

    /** Stops dead, as a crash would: no further command, not even an acknowledgement in flight. For tests. */
    public void kill() {
        killed = true;
        running = false;
        cancel();
    }

    /** A round in flight (a read blocked up to {@code block}) must not call back into a stopped application. */
    private void cancel() {
        Cancellable last = inflight;
        if (last != null) {
            last.cancel();
        }
    }

    private void loop() {
        if (!running) {
            return;
        }
        inflight = round().subscribe().with(pause -> {
            if (pause.isZero()) {
                loop();
            } else {
                Uni.createFrom().voidItem().onItem().delayIt().by(pause).subscribe().with(v -> loop());
            }
        }, failure -> {
            if (killed) {
                return;
            }
            if (String.valueOf(failure.getMessage()).contains("NOGROUP")) {
                // Redis lost the group (restarted without persistence, flushed): make it again, from the start.
                LOG.warnf("group %s is gone from Redis: creating it again", group);
                createGroups().subscribe().with(v -> loop(), e -> later());
                return;
            }
            LOG.warnf("group %s member %s: %s; retrying in %s", group, name, failure.getMessage(), config.retryBackoff());
            retry.addAll(owned);
            later();
        });
    }

    private void later() {
        Uni.createFrom().voidItem().onItem().delayIt().by(config.retryBackoff()).subscribe().with(v -> loop());
    }

    private Uni<Void> createGroups() {
        return Multi.createFrom().iterable(all).onItem().transformToUniAndConcatenate(s -> streams.createGroup(s, group, "0"))
                .collect().last().replaceWithVoid();
    }

    /**
     * One round over the owned partitions, one stream per command (partitions live in different Redis Cluster
     * slots): claims when due, else own pending entries of partitions left to retry, else new entries.
     * Answers how long to wait before the next round: nothing (entries came), {@code idle-wait} (none came),
     * {@code retry-backoff} (some failed).
     */
    Uni<Duration> round() {
        long now = System.currentTimeMillis();
        Uni<Void> members = now - membersReadAt < config.memberTtl().toMillis() / 3 ? Uni.createFrom().voidItem()
                : streams.members(group, name, now, config.memberTtl().toMillis(), prefix).invoke(list -> {
                    membersReadAt = now;
                    int n = list.size();
                    int i = Math.max(0, list.indexOf(name));
                    List<String> mine = new ArrayList<>();
                    for (String s : all) {
                        if (GroupStreams.partitionOf(s) % Math.max(1, n) == i) {
                            mine.add(s);
                        }
                    }
                    owned = mine;
                }).replaceWithVoid();
        return members.chain(() -> {
            List<String> partitions = owned;
            if (partitions.isEmpty()) {
                return Uni.createFrom().item(config.idleWait());
            }
            boolean claim = now - claimedAt >= config.claimEvery().toMillis();
            if (claim) {
                claimedAt = now;
            }
            return Multi.createFrom().iterable(partitions).onItem().transformToUni(s -> {
                if (claim) {
                    String cursor = cursors.getOrDefault(s, "0-0");
                    return streams.claim(s, group, name, config.claimIdle(), cursor, config.batchSize()).chain(c -> {
                        cursors.put(s, c.next());
                        if (!c.entries().isEmpty()) {
                            LOG.infof("%s claimed %d entries of %s idle past %s", name, c.entries().size(), s, config.claimIdle());
                        }
                        return process(s, c.entries(), true);
                    });
                }
                if (retry.remove(s)) {
                    return streams.read(group, name, s, "0", config.batchSize()).chain(entries -> process(s, entries, true));
                }
                return streams.read(group, name, s, ">", config.batchSize()).chain(entries -> process(s, entries, false));
            }).merge(Math.max(1, config.concurrency())).collect().asList().map(outcomes -> {
                if (outcomes.contains(Outcome.FAILED)) {
                    return config.retryBackoff();
                }
                return outcomes.contains(Outcome.WROTE) ? Duration.ZERO : config.idleWait();
            });
        });
    }

    private enum Outcome {
        NOTHING, WROTE, FAILED
    }

    /** Writes one partition's entries; FAILED when some are left to retry. */
    private Uni<Outcome> process(String stream, List<Entry> entries, boolean redelivered) {
        if (entries.isEmpty() || killed) {
            return Uni.createFrom().item(Outcome.NOTHING);
        }
        int partition = GroupStreams.partitionOf(stream);
        String p = String.valueOf(partition);
        List<String> gone = new ArrayList<>();
        List<StreamEntry> batch = new ArrayList<>(entries.size());
        Uni<Void> letters = Uni.createFrom().voidItem();
        for (Entry e : entries) {
            if (e.deleted()) {
                gone.add(e.id()); // trimmed while pending (the group was trimmed past): nothing to write
            } else if (e.event() == null) {
                StreamEntry odd = new StreamEntry(partition, e.id(), "", redelivered);
                letters = letters.chain(() -> deadLetter(stream, odd, 0, new IllegalArgumentException("entry has no event field")));
            } else {
                batch.add(new StreamEntry(partition, e.id(), e.event(), redelivered));
            }
        }
        if (redelivered) {
            counter("qrcheckin_stream_redeliveries_total", "entries delivered again (retried, or claimed from a dead member)", p)
                    .increment(batch.size());
        }
        Uni<Void> before = letters.chain(() -> streams.ack(stream, group, gone));
        if (batch.isEmpty()) {
            return before.replaceWith(Outcome.NOTHING);
        }
        DistributionSummary.builder("qrcheckin_stream_batch_size").description("entries written per transaction")
                .tags("group", group, "partition", p).register(metrics).record(batch.size());
        Timer.Sample timing = Timer.start(metrics);
        return before.chain(() -> sink.write(batch))
                .invoke(() -> timing.stop(Timer.builder("qrcheckin_stream_write_seconds").description("time to write one batch")
                        .tags("group", group, "partition", p).register(metrics)))
                .chain(() -> ack(stream, batch))
                .replaceWith(Outcome.WROTE)
                .onFailure().recoverWithUni(failure -> {
                    if (killed) {
                        return Uni.createFrom().item(Outcome.NOTHING);
                    }
                    LOG.debugf("batch of %d in %s failed (%s): writing one by one", batch.size(), stream, failure.getMessage());
                    return oneByOne(stream, batch);
                });
    }

    /**
     * Writes entries one at a time. An entry that fails counts a failure only if the store answers afterwards
     * (an outage is no entry's fault); at {@code max-deliveries} such failures it is dead-lettered.
     */
    private Uni<Outcome> oneByOne(String stream, List<StreamEntry> batch) {
        List<StreamEntry> failed = new ArrayList<>();
        List<Throwable> reasons = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (StreamEntry e : batch) {
            chain = chain.chain(() -> sink.write(List.of(e)).chain(() -> ack(stream, List.of(e)))
                    .invoke(() -> failures.remove(stream + " " + e.id()))
                    .onFailure().recoverWithItem(err -> {
                        failed.add(e);
                        reasons.add(err);
                        return null;
                    }));
        }
        return chain.chain(() -> {
            if (failed.isEmpty() || killed) {
                return Uni.createFrom().item(Outcome.WROTE);
            }
            retry.add(stream);
            return sink.probe().chain(() -> {
                Uni<Void> letters = Uni.createFrom().voidItem();
                for (int i = 0; i < failed.size(); i++) {
                    StreamEntry e = failed.get(i);
                    Throwable why = reasons.get(i);
                    int count = failures.merge(stream + " " + e.id(), 1, Integer::sum);
                    if (count >= config.maxDeliveries()) {
                        letters = letters.chain(() -> deadLetter(stream, e, count, why));
                    }
                }
                return letters.replaceWith(Outcome.FAILED);
            });
        });
    }

    private Uni<Void> deadLetter(String stream, StreamEntry e, int failed, Throwable why) {
        failures.remove(stream + " " + e.id());
        String reason = why.getClass().getSimpleName() + ": " + String.valueOf(why.getMessage());
        LOG.warnf("group %s dead-letters %s %s after %d failures: %s", group, stream, e.id(), failed, reason);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("stream", stream);
        fields.put("id", e.id());
        fields.put("group", group);
        fields.put("consumer", name);
        fields.put("failures", String.valueOf(failed));
        fields.put("reason", reason.length() > 300 ? reason.substring(0, 300) : reason);
        fields.put("at", Instant.now().toString());
        fields.put(StreamNames.EVENT_FIELD, e.event());
        return streams.append(StreamNames.deadLetters(prefix), fields)
                .chain(() -> streams.ack(stream, group, List.of(e.id())))
                .invoke(() -> counter("qrcheckin_stream_dead_letters_total", "entries given up and dead-lettered", String.valueOf(e.partition()))
                        .increment());
    }

    private Uni<Void> ack(String stream, List<StreamEntry> done) {
        if (killed) {
            return Uni.createFrom().voidItem();
        }
        return streams.ack(stream, group, done.stream().map(StreamEntry::id).toList()).invoke(() -> {
            written.addAndGet(done.size());
            counter("qrcheckin_stream_consumed_total", "entries written and acknowledged", String.valueOf(done.get(0).partition()))
                    .increment(done.size());
        });
    }

    private Counter counter(String metric, String description, String partition) {
        return Counter.builder(metric).description(description).tags("group", group, "partition", partition).register(metrics);
    }

    /** A consumer name for this instance: the pod name where there is one. */
    public static String defaultName() {
        String host = System.getenv("HOSTNAME");
        return host != null && !host.isBlank() ? host : "consumer-" + java.util.UUID.randomUUID();
    }
}
