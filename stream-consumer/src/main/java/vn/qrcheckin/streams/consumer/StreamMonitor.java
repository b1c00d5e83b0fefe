package vn.qrcheckin.streams.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.config.StreamsConfig;
import vn.qrcheckin.streams.messaging.GroupStreams;
import vn.qrcheckin.streams.messaging.StreamId;

/**
 * Reads every group's position in every check-in partition on a timer, publishes it as metrics, keeps the
 * last reading for health, and trims each partition to what the gating groups acknowledged.
 *
 * A stalled non-gating group (report) holds trimming back only up to {@code qrcheckin.streams.trim.max-lag}
 * entries behind the gating groups; past that it is trimmed past: its pending entries below the new start
 * are acknowledged for it, the span is appended to {@link StreamNames#gaps} (report marks those figures
 * incomplete) and {@code qrcheckin_stream_trimmed_unread_total} rises, so a stalled dashboard can never hold
 * the country's check-ins. A gating group (tracing) is never trimmed past: its lag turns into ingestion
 * backpressure instead. Trimming is idempotent; every instance may run it.
 */
@Singleton
public class StreamMonitor {

    private static final Logger LOG = Logger.getLogger(StreamMonitor.class);

    private final GroupLag lag;
    private final GroupStreams streams;
    private final StreamsConfig config;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile List<GroupLag.Partition> last;
    private volatile Instant lastAt;
    private volatile String lastError;
    private long timer = -1;

    public StreamMonitor(GroupLag lag, GroupStreams streams, StreamsConfig config, Vertx vertx, MeterRegistry metrics) {
        this.lag = lag;
        this.streams = streams;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
        for (int p = 0; p < StreamNames.CHECKIN_PARTITIONS; p++) {
            String partition = String.valueOf(p);
            gauge("qrcheckin_stream_length", "entries held in a check-in partition", "partition", partition);
            for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
                gauge("qrcheckin_stream_lag", "entries of a partition the group has not acknowledged", "group", g.name(), "partition", partition);
                gauge("qrcheckin_stream_pending", "entries delivered to the group, not yet acknowledged", "group", g.name(), "partition", partition);
            }
        }
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.trim().every().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                tick().subscribe().with(v -> running.set(false), e -> running.set(false));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The last reading (null before the first), when it was taken, and why the last one failed (null if it did not). */
    public List<GroupLag.Partition> last() {
        return last;
    }

    public Instant lastAt() {
        return lastAt;
    }

    public String lastError() {
        return lastError;
    }

    /** One round over this deployment's partitions: read, publish, trim. */
    public Uni<Void> tick() {
        return lag.sample(config.keyPrefix()).invoke(this::publish)
                .chain(parts -> trimAll(config.keyPrefix(), parts))
                .invoke(() -> lastError = null)
                .onFailure().invoke(e -> {
                    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    LOG.debugf("stream monitor round failed: %s", lastError);
                })
                .replaceWithVoid();
    }

    /** Reads and trims the partitions under {@code prefix}; answers the positions read before trimming. */
    public Uni<List<GroupLag.Partition>> trim(String prefix) {
        return lag.sample(prefix).call(parts -> trimAll(prefix, parts));
    }

    private Uni<Void> trimAll(String prefix, List<GroupLag.Partition> parts) {
        return config.trim().enabled()
                ? Multi.createFrom().iterable(parts).onItem().transformToUniAndConcatenate(p -> trim(prefix, p)).collect().last().replaceWithVoid()
                : Uni.createFrom().voidItem();
    }

    private void publish(List<GroupLag.Partition> parts) {
        for (GroupLag.Partition p : parts) {
            String partition = String.valueOf(p.partition());
            set(p.length(), "qrcheckin_stream_length", "partition", partition);
            for (GroupLag.Position g : p.groups().values()) {
                set(g.unacked(), "qrcheckin_stream_lag", "group", g.group(), "partition", partition);
                set(g.pending(), "qrcheckin_stream_pending", "group", g.group(), "partition", partition);
            }
        }
        last = parts;
        lastAt = Instant.now();
    }

    /** Trims one partition; see the class comment for what a stalled group does. */
    private Uni<Void> trim(String prefix, GroupLag.Partition p) {
        StreamId gatingFloor = null;
        long gatingBacklog = 0;
        for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
            GroupLag.Position pos = p.groups().get(g.name());
            if (!g.gating()) {
                continue;
            }
            if (!pos.exists()) {
                // Not deployed yet: keep every entry for it (created at the start of the stream).
                return p.length() == 0 ? Uni.createFrom().voidItem() : streams.createGroup(p.stream(), g.name(), "0");
            }
            gatingFloor = gatingFloor == null ? pos.floor() : StreamId.min(gatingFloor, pos.floor());
            gatingBacklog = Math.max(gatingBacklog, pos.unacked());
        }
        if (gatingFloor == null) {
            return Uni.createFrom().voidItem();
        }
        StreamId gatingCut = gatingFloor;
        StreamId cut = gatingFloor;
        Uni<Void> before = Uni.createFrom().voidItem();
        for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
            GroupLag.Position pos = p.groups().get(g.name());
            if (g.gating() || !pos.exists() || pos.floor().compareTo(gatingFloor) >= 0) {
                continue;
            }
            if (pos.unacked() - gatingBacklog <= config.trim().maxLag()) {
                cut = StreamId.min(cut, pos.floor()); // within bounds: wait for it
            } else {
                before = before.chain(() -> trimPast(prefix, p, pos, gatingCut));
            }
        }
        StreamId minId = cut;
        return before.chain(() -> minId.compareTo(StreamId.ZERO) > 0 ? streams.trim(p.stream(), minId) : Uni.createFrom().item(0L))
                .replaceWithVoid();
    }

    /** Gives up the span below {@code cut} for a non-gating group, recording it as a gap. */
    private Uni<Void> trimPast(String prefix, GroupLag.Partition p, GroupLag.Position pos, StreamId cut) {
        String partition = String.valueOf(p.partition());
        LOG.warnf("group %s is %d entries behind in %s: trimmed past up to %s, its figures there are incomplete", pos.group(),
                pos.unacked(), p.stream(), cut);
        Counter.builder("qrcheckin_stream_trimmed_unread_total").description("times a non-gating group was trimmed past")
                .tag("group", pos.group()).tag("partition", partition).register(metrics).increment();
        return streams.append(StreamNames.gaps(prefix), Map.of("group", pos.group(), "partition", partition, "from",
                pos.floor().toString(), "to", cut.toString(), "at", Instant.now().toString()))
                .chain(() -> ackBelow(p.stream(), pos.group(), cut));
    }

    private Uni<Void> ackBelow(String stream, String group, StreamId cut) {
        return streams.pendingBelow(stream, group, cut, 1000)
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                        : streams.ack(stream, group, ids).chain(() -> ids.size() < 1000 ? Uni.createFrom().voidItem() : ackBelow(stream, group, cut)));
    }

    private void gauge(String name, String description, String... tags) {
        AtomicLong value = new AtomicLong();
        gauges.put(name + String.join(",", tags), value);
        Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).register(metrics);
    }

    private void set(long value, String name, String... tags) {
        AtomicLong g = gauges.get(name + String.join(",", tags));
        if (g != null) {
            g.set(value);
        }
    }
}
