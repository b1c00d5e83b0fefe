package vn.qrcheckin.venue.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.StreamNames;

/** The one place that talks to Redis streams in this service. */
@ApplicationScoped
public class StreamPublisher {

    private final ReactiveRedisDataSource redis;

    public StreamPublisher(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Appends events in order in one MULTI/EXEC round trip; completes only when Redis has them all, so the
     * caller may then forget them.
     */
    public Uni<Void> append(String streamKey, long approxMaxLength, List<String> jsonEvents) {
        if (jsonEvents.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        XAddArgs args = new XAddArgs().maxlen(approxMaxLength).nearlyExactTrimming();
        return redis.withTransaction(tx -> {
            var streams = tx.stream(String.class);
            List<Uni<Void>> adds = new ArrayList<>(jsonEvents.size());
            for (String json : jsonEvents) {
                adds.add(streams.xadd(streamKey, args, Map.of(StreamNames.EVENT_FIELD, json)));
            }
            return Uni.join().all(adds).andFailFast().replaceWithVoid();
        }).invoke(result -> {
            if (result.discarded()) {
                throw new IllegalStateException("Redis discarded the event batch");
            }
        }).replaceWithVoid();
    }

    /**
     * The id of the stream's newest entry, "0-0" when the stream is empty or missing. The newest entry rather
     * than XINFO's last-generated-id: the same for an append-only stream trimmed from its oldest end, and a
     * reader following from an older id only sees some events again.
     */
    public Uni<String> lastId(String streamKey) {
        return redis.stream(String.class).xrevrange(streamKey, StreamRange.of("+", "-"), 1)
                .map(newest -> newest.isEmpty() ? "0-0" : newest.get(0).id());
    }
}
