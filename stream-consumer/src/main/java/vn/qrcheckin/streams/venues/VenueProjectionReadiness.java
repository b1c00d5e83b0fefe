package vn.qrcheckin.streams.venues;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import vn.qrcheckin.streams.config.StreamsConfig;

/** Ready once the venue projection holds the snapshot and has read the venue stream to its end. */
@Readiness
@ApplicationScoped
public class VenueProjectionReadiness implements HealthCheck {

    private final VenueFollower follower;
    private final StreamsConfig config;

    public VenueProjectionReadiness(VenueFollower follower, StreamsConfig config) {
        this.follower = follower;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("venue projection").withData("venues", follower.projection().size());
        if (!config.venues().enabled()) {
            return b.up().withData("following", false).build();
        }
        if (follower.position() != null) {
            b.withData("position", follower.position());
        }
        if (follower.lastError() != null) {
            b.withData("error", follower.lastError());
        }
        return b.status(follower.ready()).build();
    }
}
