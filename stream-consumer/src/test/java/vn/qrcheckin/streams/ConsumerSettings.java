package vn.qrcheckin.streams;

import java.time.Duration;
import java.util.Optional;

import vn.qrcheckin.streams.config.StreamsConfig;

/** Consumer settings for one test: short idle and claim periods so a dead member's entries move in seconds. */
public record ConsumerSettings(int batchSize, Duration claimIdle, int maxDeliveries, int concurrency) implements StreamsConfig.Consumer {

    public ConsumerSettings(int batchSize, Duration claimIdle, int maxDeliveries) {
        this(batchSize, claimIdle, maxDeliveries, 1);
    }

    public static ConsumerSettings fast() {
        return new ConsumerSettings(50, Duration.ofMillis(1500), 3);
    }

    public ConsumerSettings withConcurrency(int partitionsAtOnce) {
        return new ConsumerSettings(batchSize, claimIdle, maxDeliveries, partitionsAtOnce);
    }

    @Override
    public Optional<String> group() {
        return Optional.empty();
    }

    @Override
    public Optional<String> name() {
        return Optional.empty();
    }

    @Override
    public Duration idleWait() {
        return Duration.ofMillis(50);
    }

    @Override
    public Duration claimEvery() {
        return Duration.ofMillis(500);
    }

    @Override
    public Duration retryBackoff() {
        return Duration.ofMillis(100);
    }

    @Override
    public Duration memberTtl() {
        return Duration.ofSeconds(3);
    }
}
