package vn.qrcheckin.streams.consumer;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import vn.qrcheckin.streams.config.StreamsConfig;
import vn.qrcheckin.streams.messaging.GroupStreams;

/**
 * Starts this instance's member of the configured consumer group when the service has a {@link BatchSink}:
 * consuming services only add a sink bean and {@code qrcheckin.streams.consumer.group}.
 */
@Singleton
public class StreamConsumers {

    private static final Logger LOG = Logger.getLogger(StreamConsumers.class);

    private final GroupStreams streams;
    private final StreamsConfig config;
    private final Instance<BatchSink> sinks;
    private final MeterRegistry metrics;
    private GroupConsumer member;

    public StreamConsumers(GroupStreams streams, StreamsConfig config, Instance<BatchSink> sinks, MeterRegistry metrics) {
        this.streams = streams;
        this.config = config;
        this.sinks = sinks;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (config.consumer().group().isEmpty() || !sinks.isResolvable()) {
            return;
        }
        member = create(config.consumer().group().get(), config.consumer().name().orElseGet(GroupConsumer::defaultName), sinks.get());
        member.start().subscribe().with(v -> LOG.infof("consuming the check-in streams as %s in group %s", member.name(),
                config.consumer().group().get()), e -> LOG.errorf("group consumer did not start: %s", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (member != null) {
            member.stop().await().atMost(Duration.ofSeconds(5));
        }
    }

    /** A member of {@code group} writing to {@code sink}, not started. */
    public GroupConsumer create(String group, String name, BatchSink sink) {
        return new GroupConsumer(streams, config.consumer(), sink, metrics, config.keyPrefix(), group, name);
    }
}
