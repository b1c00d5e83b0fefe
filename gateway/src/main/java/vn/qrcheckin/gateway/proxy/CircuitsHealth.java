package vn.qrcheckin.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.HealthGroup;
import io.vertx.circuitbreaker.CircuitBreakerState;

/**
 * The services as the gateway sees them, at /q/health/group/upstreams: DOWN while any circuit is open, each service's
 * state in the data. Not part of readiness: a gateway with one service down still serves the others' routes.
 */
@HealthGroup("upstreams")
@ApplicationScoped
public class CircuitsHealth implements HealthCheck {

    private final Gateway gateway;

    public CircuitsHealth(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("upstream circuits").up();
        gateway.circuits().forEach((name, state) -> {
            b.withData(name, state.name());
            if (state == CircuitBreakerState.OPEN) {
                b.down();
            }
        });
        return b.build();
    }
}
