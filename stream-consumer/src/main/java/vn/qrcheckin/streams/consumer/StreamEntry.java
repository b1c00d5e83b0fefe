package vn.qrcheckin.streams.consumer;

/**
 * One check-in stream entry handed to a {@link BatchSink}: its partition, its stream entry id, the event's JSON,
 * and whether the group delivered it before (a retry, or claimed from a consumer presumed dead).
 */
public record StreamEntry(int partition, String id, String event, boolean redelivered) {
}
