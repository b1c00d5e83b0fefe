package vn.qrcheckin.streams.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import vn.qrcheckin.contracts.StreamNames;

/**
 * The one adapter between the shared consumer and Redis streams: group reads and acknowledgements, claims,
 * group positions, trimming, dead letters and the members of a group. Everything else speaks entries and ids.
 */
@ApplicationScoped
public class GroupStreams {

    /**
     * One entry read: its stream, id and event JSON. {@code deleted}: trimmed while pending (Redis answers its
     * id without fields); {@code event} null otherwise means an entry without the event field.
     */
    public record Entry(String stream, String id, String event, boolean deleted) {
    }

    /** What one XAUTOCLAIM took, and where the next one starts ("0-0": the scan went round). */
    public record Claimed(String next, List<Entry> entries) {
    }

    /** A group's position in one stream, from {@code XINFO GROUPS}. {@code lag} is null when Redis cannot tell. */
    public record GroupInfo(String name, long pending, StreamId lastDelivered, Long lag) {
    }

    /** A stream's ends, from {@code XINFO STREAM}; all zero when the stream does not exist. */
    public record StreamInfo(long length, StreamId lastGenerated, StreamId maxDeleted) {
    }

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;

    public GroupStreams(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
    }

    /** Creates the group at {@code from} (and the stream) unless it exists. */
    public Uni<Void> createGroup(String stream, String group, String from) {
        return redis.execute("XGROUP", "CREATE", stream, group, from, "MKSTREAM").replaceWithVoid()
                .onFailure(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP")).recoverWithNull();
    }

    /**
     * Entries of one stream never delivered to the group ({@code id = ">"}), or this consumer's own pending ones
     * ({@code id = "0"}). Parsed here, not by the client: a pending entry trimmed away comes back as an id with
     * no fields, which the client's decoder does not take.
     */
    public Uni<List<Entry>> read(String group, String consumer, String stream, String id, int count) {
        return redis.execute("XREADGROUP", "GROUP", group, consumer, "COUNT", String.valueOf(count), "STREAMS", stream, id)
                .map(r -> {
                    if (r == null) {
                        return List.<Entry> of();
                    }
                    Set<String> keys = keys(r);
                    // RESP3: a map of stream -> entries; RESP2: [[stream, entries]].
                    return entries(stream, keys.contains(stream) ? r.get(stream) : r.get(0).get(1));
                });
    }

    /** Claims up to {@code count} entries idle for {@code minIdle}, scanning the pending list from {@code cursor}. */
    public Uni<Claimed> claim(String stream, String group, String consumer, Duration minIdle, String cursor, int count) {
        return redis.execute("XAUTOCLAIM", stream, group, consumer, String.valueOf(minIdle.toMillis()), cursor, "COUNT", String.valueOf(count))
                .map(r -> new Claimed(r.get(0).toString(), entries(stream, r.get(1))));
    }

    public Uni<Void> ack(String stream, String group, List<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().voidItem() : streams.xack(stream, group, ids.toArray(String[]::new)).replaceWithVoid();
    }

    /** How many times the group delivered one pending entry (0 when it is not pending). */
    public Uni<Integer> deliveries(String stream, String group, String id) {
        return redis.execute("XPENDING", stream, group, id, id, "1").map(r -> {
            if (r == null || r.size() == 0) {
                return 0;
            }
            return r.get(0).get(3).toInteger();
        });
    }

    /** The group's oldest pending entry, or null when nothing is pending. */
    public Uni<StreamId> lowestPending(String stream, String group) {
        return redis.execute("XPENDING", stream, group).map(r -> r == null || r.size() < 2 || r.get(1) == null ? null
                : StreamId.parse(r.get(1).toString()));
    }

    /** Ids of the group's pending entries below {@code bound}, at most {@code count}. */
    public Uni<List<String>> pendingBelow(String stream, String group, StreamId bound, int count) {
        return redis.execute("XPENDING", stream, group, "-", "(" + bound, String.valueOf(count)).map(r -> {
            List<String> ids = new ArrayList<>();
            if (r != null) {
                for (Response p : r) {
                    ids.add(p.get(0).toString());
                }
            }
            return ids;
        });
    }

    /** The groups of a stream; empty when the stream does not exist. */
    public Uni<List<GroupInfo>> groups(String stream) {
        return redis.execute("XINFO", "GROUPS", stream).map(r -> {
            List<GroupInfo> out = new ArrayList<>();
            for (Response g : r) {
                Response lag = g.get("lag");
                out.add(new GroupInfo(g.get("name").toString(), g.get("pending").toLong(),
                        StreamId.parse(g.get("last-delivered-id").toString()), lag == null ? null : lag.toLong()));
            }
            return out;
        }).onFailure(GroupStreams::noSuchKey).recoverWithItem(List.of());
    }

    public Uni<StreamInfo> info(String stream) {
        return redis.execute("XINFO", "STREAM", stream).map(r -> new StreamInfo(r.get("length").toLong(),
                StreamId.parse(r.get("last-generated-id").toString()), StreamId.parse(r.get("max-deleted-entry-id").toString())))
                .onFailure(GroupStreams::noSuchKey).recoverWithItem(new StreamInfo(0, StreamId.ZERO, StreamId.ZERO));
    }

    public Uni<Long> length(String stream) {
        return streams.xlen(stream);
    }

    /** Deletes the entries below {@code minId}; returns how many went. */
    public Uni<Long> trim(String stream, StreamId minId) {
        return redis.execute("XTRIM", stream, "MINID", minId.toString()).map(Response::toLong);
    }

    /** Appends an entry with the given fields (dead letters, gaps). */
    public Uni<Void> append(String stream, Map<String, String> fields) {
        return streams.xadd(stream, fields).replaceWithVoid();
    }

    /** Entries after a position, with the stream's counters read in the same atomic step. */
    public record Counted(long added, long length, StreamId lastGenerated, List<Entry> entries) {
    }

    /*
     * XINFO STREAM's entries-added and the length, with the entries after a position, in one script: atomic,
     * so a follower can tell whether entries it has not read were trimmed (Redis 7.0's max-deleted-entry-id
     * does not move on XTRIM, only on XDEL).
     */
    private static final String COUNTED_READ = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, '0-0', {}} end
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            local added, last = 0, '0-0'
            for i = 1, #info, 2 do
              if info[i] == 'entries-added' then added = info[i + 1] end
              if info[i] == 'last-generated-id' then last = info[i + 1] end
            end
            local entries = {}
            if ARGV[2] ~= '0' then entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2]) end
            return {added, redis.call('XLEN', KEYS[1]), last, entries}
            """;

    /** Up to {@code count} entries after {@code after} (0: none, only the counters), with the stream's counters. */
    public Uni<Counted> readCounted(String stream, String after, int count) {
        return redis.execute("EVAL", COUNTED_READ, "1", stream, after, String.valueOf(count)).map(r -> {
            List<Entry> entries = new ArrayList<>();
            for (Response e : r.get(3)) {
                Response fields = e.get(1);
                String event = null;
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if (StreamNames.EVENT_FIELD.equals(fields.get(i).toString())) {
                        event = fields.get(i + 1).toString();
                    }
                }
                entries.add(new Entry(stream, e.get(0).toString(), event, false));
            }
            return new Counted(r.get(0).toLong(), r.get(1).toLong(), StreamId.parse(r.get(2).toString()), entries);
        });
    }

    /** Up to {@code count} entries after {@code after} (plain read, no group), waiting up to {@code block}. */
    public Uni<List<Entry>> readAfter(String stream, String after, int count, Duration block) {
        return streams.xread(stream, after, new XReadArgs().count(count).block(block)).map(GroupStreams::entries);
    }

    /** Announces {@code member} alive now and returns the group's live members, sorted. */
    public Uni<List<String>> members(String group, String member, long nowMillis, long ttlMillis, String prefix) {
        String key = prefix + "consumers:" + group;
        return redis.execute("ZADD", key, String.valueOf(nowMillis), member)
                .chain(() -> redis.execute("ZREMRANGEBYSCORE", key, "-inf", "(" + (nowMillis - ttlMillis)))
                .chain(() -> redis.execute("ZRANGE", key, "0", "-1"))
                .map(r -> {
                    List<String> names = new ArrayList<>();
                    for (Response m : r) {
                        names.add(m.toString());
                    }
                    // By name, not by score (the last heartbeat): every member must see the same order.
                    names.sort(null);
                    return names;
                });
    }

    public Uni<Void> leave(String group, String member, String prefix) {
        return redis.execute("ZREM", prefix + "consumers:" + group, member).replaceWithVoid();
    }

    /** The check-in partition of a stream key (the hash tag between braces). */
    public static int partitionOf(String stream) {
        return Integer.parseInt(stream.substring(stream.indexOf('{') + 1, stream.indexOf('}')));
    }

    public static List<String> checkinStreams(String prefix) {
        List<String> keys = new ArrayList<>(StreamNames.CHECKIN_PARTITIONS);
        for (int p = 0; p < StreamNames.CHECKIN_PARTITIONS; p++) {
            keys.add(StreamNames.checkins(prefix, p));
        }
        return keys;
    }

    private static boolean noSuchKey(Throwable e) {
        return String.valueOf(e.getMessage()).contains("no such key");
    }

    private static List<Entry> entries(List<StreamMessage<String, String, String>> messages) {
        List<Entry> out = new ArrayList<>(messages.size());
        for (StreamMessage<String, String, String> m : messages) {
            out.add(new Entry(m.key(), m.id(), m.payload() == null ? null : m.payload().get(StreamNames.EVENT_FIELD), m.payload() == null));
        }
        return out;
    }

    /** Entries as Redis answers them: {@code [[id, [field, value, ...] or nil], ...]}. */
    private static List<Entry> entries(String stream, Response list) {
        List<Entry> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (Response e : list) {
            Response fields = e.size() > 1 ? e.get(1) : null;
            if (fields == null) {
                out.add(new Entry(stream, e.get(0).toString(), null, true));
                continue;
            }
            String event = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (StreamNames.EVENT_FIELD.equals(fields.get(i).toString())) {
                    event = fields.get(i + 1).toString();
                }
            }
            out.add(new Entry(stream, e.get(0).toString(), event, false));
        }
        return out;
    }

    private static Set<String> keys(Response r) {
        try {
            Set<String> keys = r.getKeys();
            return keys == null ? Set.of() : keys;
        } catch (RuntimeException e) {
            return Set.of();
        }
    }
}
