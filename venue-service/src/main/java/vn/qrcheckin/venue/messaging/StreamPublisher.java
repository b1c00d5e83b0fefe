package vn.qrcheckin.venue.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
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
}
