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

    /** Venue lifecycle events (created, updated, suspended, reinstated) published by venue-service. */
    public static String venueEvents(String prefix) {
        return prefix + "venue-events";
    }
}
