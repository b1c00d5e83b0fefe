package vn.qrcheckin.checkin.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import vn.qrcheckin.checkin.config.CheckinConfig;

/** Fixed one-minute windows per client address for the public web check-in page. */
@ApplicationScoped
public class RateLimiter {

    private record Window(long minute, int count) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int perMinute;

    public RateLimiter(CheckinConfig config) {
        this.perMinute = config.web().perMinute();
    }

    /** Counts one request of {@code client}; false when it is over the limit this minute. */
    public boolean allow(String client) {
        long minute = System.currentTimeMillis() / 60_000;
        Window w = windows.compute(client, (k, old) -> old == null || old.minute() != minute ? new Window(minute, 1)
                : new Window(minute, old.count() + 1));
        return w.count() <= perMinute;
    }

    @Scheduled(every = "1m")
    void forgetOldWindows() {
        long minute = System.currentTimeMillis() / 60_000;
        windows.values().removeIf(w -> w.minute() < minute);
    }
}
