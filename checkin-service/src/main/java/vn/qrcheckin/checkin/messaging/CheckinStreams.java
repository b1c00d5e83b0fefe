package vn.qrcheckin.checkin.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import vn.qrcheckin.contracts.StreamNames;

/**
 * The one place that appends to Redis in this service: the append function (idempotency + XADD in one
 * round trip). Reading the streams (group positions for backpressure, the venue projection) is the shared
 * stream-consumer module's.
 */
@Singleton // no client proxy: called on every check-in
public class CheckinStreams {

    /** One check-in to append: its id, its event JSON, and what a repeat of the id is told. */
    public record Append(String id, String eventJson, String answer) {
    }

    /** The outcome of one append: whether this call appended it, and the answer stored for the id (the first one). */
    public record Appended(boolean fresh, String answer) {
    }

    static final String FUNCTION = "qrcheckin_append";
    private static final String LIBRARY = readLibrary();

    private final ReactiveRedisDataSource redis;
    private final Redis plain;

    public CheckinStreams(ReactiveRedisDataSource redis, Redis plain) {
        this.redis = redis;
        this.plain = plain;
    }

    void onStart(@Observes StartupEvent event) {
        loadFunction().await().atMost(Duration.ofSeconds(30));
    }

    /** Loads (or replaces) the append function; idempotent, safe from several instances. */
    public Uni<Void> loadFunction() {
        return redis.execute("FUNCTION", "LOAD", "REPLACE", LIBRARY).replaceWithVoid();
    }

    /** The function library, read from the class path once (it is loaded at start and after a Redis restart). */
    private static String readLibrary() {
        try (InputStream in = CheckinStreams.class.getClassLoader().getResourceAsStream("redis/checkin.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends check-ins of one partition, in order, each at most once; one answer per check-in. */
    public Uni<List<Appended>> append(String prefix, int partition, long idTtlSeconds, List<Append> items) {
        return Uni.createFrom().completionStage(() -> appendNow(prefix, partition, idTtlSeconds, items));
    }

    /**
     * The same on the plain Vert.x client, without Mutiny: every Mutiny stage captures and restores the
     * SmallRye thread contexts, a tenth of the single check-in path's CPU in profiles, and nothing here
     * needs them. Completes with the answers, or fails with Redis's own error.
     */
    public CompletionStage<List<Appended>> appendNow(String prefix, int partition, long idTtlSeconds, List<Append> items) {
        Request call = Request.cmd(Command.FCALL).arg(FUNCTION).arg(1 + items.size()).arg(StreamNames.checkins(prefix, partition));
        for (Append a : items) {
            call.arg(StreamNames.checkinId(prefix, partition, a.id()));
        }
        call.arg(idTtlSeconds);
        for (Append a : items) {
            call.arg(a.eventJson());
        }
        for (Append a : items) {
            call.arg(a.answer());
        }
        // A Redis restarted without persistence forgets functions: load it again and retry once.
        return plain.send(call)
                .recover(e -> String.valueOf(e.getMessage()).contains("Function not found")
                        ? Future.fromCompletionStage(loadFunction().subscribeAsCompletionStage()).compose(v -> plain.send(call))
                        : Future.failedFuture(e))
                .map(response -> {
                    List<Appended> out = new ArrayList<>(items.size());
                    int i = 0;
                    for (io.vertx.redis.client.Response r : response) {
                        String s = r.toString();
                        out.add(s.charAt(0) == 'A' ? new Appended(true, items.get(i).answer()) : new Appended(false, s.substring(1)));
                        i++;
                    }
                    return out;
                }).toCompletionStage();
    }

}
