package vn.qrcheckin.streams.consumer;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.config.StreamsConfig;

/**
 * Each consumer group's worst lag over the check-in partitions, from the monitor's last reading. A
 * wellness check (in {@code /q/health} and {@code /q/health/well}), not readiness: a lagging consumer must
 * keep running and catching up, not be taken out of service. DOWN means degraded: a gating group past
 * {@code qrcheckin.streams.health.max-lag} in some partition, a non-gating one past the trim bound, or the
 * positions not readable.
 */
@Wellness
@ApplicationScoped
public class StreamHealth implements HealthCheck {

    private final StreamMonitor monitor;
    private final StreamsConfig config;

    public StreamHealth(StreamMonitor monitor, StreamsConfig config) {
        this.monitor = monitor;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("check-in streams");
        List<GroupLag.Partition> parts = monitor.last();
        if (monitor.lastError() != null) {
            return b.down().withData("error", monitor.lastError()).build();
        }
        if (parts == null) {
            return b.up().withData("positions", "not read yet").build();
        }
        boolean degraded = false;
        for (StreamNames.Group g : StreamNames.CHECKIN_GROUPS) {
            long worst = 0;
            int worstPartition = 0;
            for (GroupLag.Partition p : parts) {
                long lag = p.groups().get(g.name()).unacked();
                if (lag > worst) {
                    worst = lag;
                    worstPartition = p.partition();
                }
            }
            long bound = g.gating() ? config.health().maxLag() : config.trim().maxLag();
            b.withData(g.name() + ".lag", worst).withData(g.name() + ".partition", worstPartition).withData(g.name() + ".bound", bound);
            degraded |= worst > bound;
        }
        b.withData("readAt", String.valueOf(monitor.lastAt()));
        return b.status(!degraded).build();
    }
}
