package vn.qrcheckin.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.event.Observes;
import vn.qrcheckin.gateway.config.GatewayConfig;

/**
 * Request counts per API client, per signed-in person and per client address, in Redis, so that every gateway
 * instance spends from the same budget. Fixed windows (one counter a window, expiring with it): at a window's
 * edge a client can pass up to twice its figure in a short burst, the price of one round trip a request.
 * Redis failing does not stop the country's check-ins: the request passes (and the failure is counted).
 */
@Singleton
public class RateLimiter {

    private static final String LIBRARY = readLibrary();
    private static final String FUNCTION = "qrcheckin_rate";

    private final Redis redis;
    private final GatewayConfig.RateLimit config;
    private final long windowMillis;
    private final String prefix;

    public RateLimiter(Redis redis, GatewayConfig config, @ConfigProperty(name = "qrcheckin.redis.key-prefix") String prefix) {
        this.redis = redis;
        this.config = config.rateLimit();
        this.windowMillis = this.config.window().toMillis();
        this.prefix = prefix + "gateway:rate:";
    }

    void load(@Observes StartupEvent start) {
        loadFunction().toCompletionStage().toCompletableFuture().join();
    }

    private Future<?> loadFunction() {
        return redis.send(Request.cmd(Command.FUNCTION).arg("LOAD").arg("REPLACE").arg(LIBRARY));
    }

    /** The client's limit: its own figure, else the default. */
    public long clientLimit(String clientId) {
        Long own = config.clients().get(clientId);
        return own != null ? own : config.perClient();
    }

    public Future<Long> client(String clientId) {
        return count("client:" + clientId, clientLimit(clientId));
    }

    public Future<Long> user(String subject) {
        return count("user:" + subject, config.perUser());
    }

    public Future<Long> address(String address) {
        return count("address:" + address, config.perAddress());
    }

    /** Counts one request; completes with 0 when it may pass, else the milliseconds until it may. */
    Future<Long> count(String who, long limit) {
        if (!config.enabled()) {
            return Future.succeededFuture(0L);
        }
        long window = System.currentTimeMillis() / windowMillis;
        Request call = Request.cmd(Command.FCALL).arg(FUNCTION).arg(1).arg(prefix + who + ":" + window).arg(windowMillis).arg(limit);
        // A Redis restarted without persistence forgets functions: load it again and retry once.
        return redis.send(call)
                .recover(e -> String.valueOf(e.getMessage()).contains("Function not found") ? loadFunction().compose(v -> redis.send(call))
                        : Future.failedFuture(e))
                .map(r -> r.toLong());
    }

    private static String readLibrary() {
        try (InputStream in = RateLimiter.class.getClassLoader().getResourceAsStream("redis/gateway.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
