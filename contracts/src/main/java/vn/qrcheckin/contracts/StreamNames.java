package vn.qrcheckin.contracts;

import java.util.List;

/**
 * Redis stream keys, partitions and consumer groups shared by producers and consumers: the stream contract
 * lives here, not in one service's configuration. Every key starts with a configurable prefix so that test
 * runs (and several deployments on one Redis) never see each other's entries.
 */
public final class StreamNames {

    /** Default key prefix; services read theirs from {@code qrcheckin.redis.key-prefix}. */
    public static final String DEFAULT_PREFIX = "qrcheckin:";

    /** Field of a stream entry that holds the JSON-encoded event. */
    public static final String EVENT_FIELD = "event";

    /**
     * Check-in stream partitions. Part of the contract: producers route a venue to {@code venueId mod
     * PARTITIONS} and consumers read exactly these streams, so changing it is a migration (drain, then
     * switch every service), never a setting of one service.
     */
    public static final int CHECKIN_PARTITIONS = 8;

    /**
     * A consumer group of the check-in streams. {@code gating}: the group must see every entry, so entries it
     * has not acknowledged are never trimmed and its lag drives ingestion backpressure. A non-gating group
     * is trimmed past once it falls {@code qrcheckin.streams.trim.max-lag} entries behind the gating groups
     * (its figures for that span are then marked incomplete): a stalled dashboard cannot stop check-ins.
     */
    public record Group(String name, boolean gating) {
    }

    /** tracing-service: visits are the system of record for who was where. */
    public static final Group TRACING = new Group("tracing", true);

    /** report-service: roll-ups and the dashboard. */
    public static final Group REPORT = new Group("report", false);

    /** Every group of the check-in streams. */
    public static final List<Group> CHECKIN_GROUPS = List.of(TRACING, REPORT);

    private StreamNames() {
    }

    /**
     * Check-in stream partition {@code partition}. The braces are a Redis Cluster hash tag: the stream and
     * the idempotency keys of its check-ins land in one slot, so one script can touch both.
     */
    public static String checkins(String prefix, int partition) {
        return prefix + "checkins:{" + partition + "}";
    }

    /** Idempotency key of one check-in id, in the slot of its partition. */
    public static String checkinId(String prefix, int partition, String id) {
        return prefix + "checkin-id:{" + partition + "}:" + id;
    }

    /** The partition of a venue: a venue's check-ins stay in order in one stream. */
    public static int partitionOf(long venueId, int partitions) {
        return (int) Math.floorMod(venueId, (long) partitions);
    }

    /** The partition of a venue among the contract's {@link #CHECKIN_PARTITIONS}. */
    public static int partitionOf(long venueId) {
        return partitionOf(venueId, CHECKIN_PARTITIONS);
    }

    /** Venue lifecycle events (created, updated, suspended, reinstated) published by venue-service. */
    public static String venueEvents(String prefix) {
        return prefix + "venue-events";
    }

    /**
     * Entries a consumer group gave up on (failed {@code max-deliveries} times), with the source stream, the
     * entry id, the group and the reason; kept for an operator to inspect and replay.
     */
    public static String deadLetters(String prefix) {
        return prefix + "dead-letters";
    }

    /** Spans of a partition trimmed before a non-gating group read them (its figures there are incomplete). */
    public static String gaps(String prefix) {
        return prefix + "stream-gaps";
    }
}
