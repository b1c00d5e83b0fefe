package vn.qrcheckin.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.event.Observes;
import vn.qrcheckin.gateway.config.GatewayConfig;

/**
 * Request counts per API client, per signed-in person and per client address, in Redis, so that every gateway
 * instance spends from the same budget. Fixed windows (one counter a window, expiring with it): at a window's
 * edge a client can pass up to twice its figure in a short burst.
 * <p>
 * Addresses and people are counted in Redis request by request (many keys, few requests each, the budgets abuse
 * meets). An API client (a national app: one key, thousands of requests a second) is counted here and reported
 * to Redis every {@code report-every}, which answers the total over every instance: a round trip a request was a
 * third of the gateway's CPU per check-in (docs/benchmarks.md). The price: an instance may let through what its
 * client sends in one report interval past the budget. Redis failing does not stop the country's check-ins: the
 * request passes.
 */
@Singleton
public class RateLimiter {

    private static final String LIBRARY = readLibrary();
    private static final String FUNCTION = "qrcheckin_rate";
    private static final String ADD = "qrcheckin_add";

    /** An API client's window as this instance sees it: the total Redis last answered, and what it counted since. */
    private static final class Budget {
        long window;
        long total;
        long pending;
    }

    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    private static final Future<Long> PASS = Future.succeededFuture(0L);

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

    void load(@Observes StartupEvent start, Vertx vertx) {
        loadFunction().toCompletionStage().toCompletableFuture().join();
        vertx.setPeriodic(config.reportEvery().toMillis(), t -> report());
    }

    private Future<?> loadFunction() {
        return redis.send(Request.cmd(Command.FUNCTION).arg("LOAD").arg("REPLACE").arg(LIBRARY));
    }

    /** The client's limit: its own figure, else the default. */
    public long clientLimit(String clientId) {
        Long own = config.clients().get(clientId);
        return own != null ? own : config.perClient();
    }

    /** Counts one request of an API client here; 0 when it may pass, else the milliseconds until it may. */
    public Future<Long> client(String clientId) {
        if (!config.enabled()) {
            return PASS;
        }
        long now = System.currentTimeMillis();
        long window = now / windowMillis;
        Budget b = budgets.computeIfAbsent(clientId, k -> new Budget());
        synchronized (b) {
            if (b.window != window) {
                b.window = window;
                b.total = 0;
                b.pending = 0;
            }
            if (b.total + b.pending >= clientLimit(clientId)) {
                return Future.succeededFuture((window + 1) * windowMillis - now);
            }
            b.pending++;
        }
        return PASS;
    }

    /** Tells Redis what each client sent here since the last report and learns what all instances counted. */
    void report() {
        long current = System.currentTimeMillis() / windowMillis;
        for (Map.Entry<String, Budget> e : budgets.entrySet()) {
            Budget b = e.getValue();
            long n;
            long window;
            synchronized (b) {
                if (b.window < current && b.pending == 0) {
                    budgets.remove(e.getKey(), b);
                    continue;
                }
                n = b.pending;
                window = b.window;
                b.pending = 0;
            }
            Request call = Request.cmd(Command.FCALL).arg(ADD).arg(1).arg(prefix + "client:" + e.getKey() + ":" + window).arg(windowMillis).arg(n);
            send(call).onComplete(ar -> {
                synchronized (b) {
                    if (b.window != window) {
                        return;
                    }
                    if (ar.succeeded()) {
                        b.total = Math.max(b.total, ar.result().toLong());
                    } else {
                        b.pending += n; // told next time
                    }
                }
            });
        }
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
            return PASS;
        }
        long window = System.currentTimeMillis() / windowMillis;
        Request call = Request.cmd(Command.FCALL).arg(FUNCTION).arg(1).arg(prefix + who + ":" + window).arg(windowMillis).arg(limit);
        return send(call).map(r -> r.toLong());
    }

    /** A Redis restarted without persistence forgets functions: load them again and retry once. */
    private Future<io.vertx.redis.client.Response> send(Request call) {
        return redis.send(call).recover(e -> String.valueOf(e.getMessage()).contains("Function not found")
                ? loadFunction().compose(v -> redis.send(call))
                : Future.failedFuture(e));
    }

    private static String readLibrary() {
        try (InputStream in = RateLimiter.class.getClassLoader().getResourceAsStream("redis/gateway.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
