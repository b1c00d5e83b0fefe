package vn.qrcheckin.contracts;

/**
 * Redis stream keys shared by producers and consumers. Every key starts with a configurable prefix so that
 * test runs (and several deployments on one Redis) never see each other's entries.
 */
public final class StreamNames {

    /** Default key prefix; services read theirs from {@code qrcheckin.redis.key-prefix}. */
    public static final String DEFAULT_PREFIX = "qrcheckin:";

    /** Field of a stream entry that holds the JSON-encoded event. */
    public static final String EVENT_FIELD = "event";

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

    /** Venue lifecycle events (created, updated, suspended, reinstated) published by venue-service. */
    public static String venueEvents(String prefix) {
        return prefix + "venue-events";
    }
}
