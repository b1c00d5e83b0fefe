package vn.qrcheckin.streams.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.messaging.GroupStreams;
import vn.qrcheckin.streams.messaging.StreamId;

/**
 * Where each consumer group of the check-in streams stands, per partition: what it has not acknowledged
 * (its backlog), and the lowest id it still needs (its floor). Trimming, metrics, health and ingestion
 * backpressure all read it here.
 */
@ApplicationScoped
public class GroupLag {

    /**
     * One group in one partition. {@code unacked}: entries not yet delivered plus delivered but not
     * acknowledged (the stream's length when the group does not exist yet or Redis cannot count).
     * {@code floor}: the lowest entry id the group may still need.
     */
    public record Position(String group, boolean exists, long unacked, long pending, StreamId floor) {
    }

    /** One partition: its length and every contract group's position. */
    public record Partition(int partition, String stream, long length, Map<String, Position> groups) {

        /** The largest backlog among the gating groups: what ingestion backpressure follows. */
        public long gatingBacklog() {
            long worst = 0;
            for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
                if (g.gating()) {
                    worst = Math.max(worst, groups.get(g.name()).unacked());
                }
            }
            return worst;
        }
    }

    private final GroupStreams streams;

    public GroupLag(GroupStreams streams) {
        this.streams = streams;
    }

    /** Every partition, read in parallel. */
    public Uni<List<Partition>> sample(String prefix) {
        return Multi.createFrom().iterable(GroupStreams.checkinStreams(prefix))
                .onItem().transformToUniAndConcatenate(this::partition)
                .collect().asList();
    }

    public Uni<Partition> partition(String stream) {
        return streams.info(stream).chain(info -> streams.groups(stream).chain(groups -> {
            Map<String, Position> out = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
                GroupStreams.GroupInfo gi = groups.stream().filter(x -> x.name().equals(g.name())).findFirst().orElse(null);
                if (gi == null) {
                    // Not created yet: everything in the stream is still ahead of it.
                    out.put(g.name(), new Position(g.name(), false, info.length(), 0, StreamId.ZERO));
                    continue;
                }
                long unacked = gi.lag() == null ? info.length() : Math.min(info.length(), gi.lag() + gi.pending());
                if (gi.pending() == 0) {
                    out.put(g.name(), new Position(g.name(), true, unacked, 0, gi.lastDelivered().next()));
                } else {
                    chain = chain.chain(() -> streams.lowestPending(stream, g.name()).invoke(low -> out.put(g.name(),
                            new Position(g.name(), true, unacked, gi.pending(), low == null ? gi.lastDelivered().next() : low))))
                            .replaceWithVoid();
                }
            }
            return chain.map(v -> {
                Map<String, Position> ordered = new LinkedHashMap<>();
                for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
                    ordered.put(g.name(), out.get(g.name()));
                }
                return new Partition(GroupStreams.partitionOf(stream), stream, info.length(), ordered);
            });
        }));
    }
}
