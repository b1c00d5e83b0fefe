package vn.qrcheckin.streams.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Consumer settings as a value, for members built in code rather than from configuration: the services' tests start
 * and kill members of their own (short idle and claim periods, so a dead member's entries move in seconds).
 */
public record ConsumerSettings(int batchSize, Duration claimIdle, int maxDeliveries, int concurrency) implements StreamsConfig.Consumer {

    /** Batches of 50, entries of a member silent for 1.5 s claimed, dead-lettered after 3 failed deliveries. */
    public static ConsumerSettings fast() {
        return new ConsumerSettings(50, Duration.ofMillis(1500), 3, 1);
    }

    public ConsumerSettings withConcurrency(int partitionsAtOnce) {
        return new ConsumerSettings(batchSize, claimIdle, maxDeliveries, partitionsAtOnce);
    }

    public ConsumerSettings withBatchSize(int entries) {
        return new ConsumerSettings(entries, claimIdle, maxDeliveries, concurrency);
    }

    public ConsumerSettings withClaimIdle(Duration idle) {
        return new ConsumerSettings(batchSize, idle, maxDeliveries, concurrency);
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
