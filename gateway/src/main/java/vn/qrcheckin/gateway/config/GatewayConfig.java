package vn.qrcheckin.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's settings: where each service is, how long to wait for it, when to stop trying, how much to let through. */
@ConfigMapping(prefix = "qrcheckin.gateway")
public interface GatewayConfig {

    /** The services behind the gateway by name (venue, checkin, tracing, report): the route table names them. */
    Map<String, Upstream> upstreams();

    RateLimit rateLimit();

    /** The administrative units an official's area is read against: the same set as venue-service's. */
    @WithDefault("admin-units/vn-admin-units-2021.csv")
    String adminUnits();

    Headers headers();

    interface Upstream {
        /** Base URL, e.g. http://checkin-service:8082 on Kubernetes (its Service name). */
        URI url();

        /** How long the service may stay silent (before its answer starts, or between two chunks of it): then 504. */
        @WithDefault("10s")
        Duration timeout();

        @WithDefault("2s")
        Duration connectTimeout();

        /** Connections kept to the service (HTTP/1.1, keep-alive). */
        @WithDefault("128")
        int maxConnections();

        Breaker breaker();
    }

    /** A circuit breaker per service: after this many failures (no answer, a refused connection, a timeout) in the window it opens. */
    interface Breaker {
        @WithDefault("20")
        int maxFailures();

        /** The rolling window the failures are counted in. */
        @WithDefault("10s")
        Duration window();

        /** How long it stays open (503 at once) before one request is let through to try the service again. */
        @WithDefault("5s")
        Duration openFor();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Requests per window for each API client (the token's client id), unless the client has its own figure below. */
        @WithDefault("60000")
        long perClient();

        /** Per-client figures by client id: a national app gets what its users need. */
        Map<String, Long> clients();

        /** Requests per window from one address to the public endpoints (web check-in page, public lists, QR images). */
        @WithDefault("600")
        long perAddress();

        /** Requests per window for one signed-in person's browser session. */
        @WithDefault("1200")
        long perUser();

        @WithDefault("60s")
        Duration window();

        /** How often an instance tells Redis what each API client sent it (and learns what every instance counted). */
        @WithDefault("50ms")
        Duration reportEvery();
    }

    interface Headers {
        /** Strict-Transport-Security on every answer (browsers only heed it over HTTPS, where the gateway is served). */
        @WithDefault("max-age=31536000; includeSubDomains")
        String hsts();

        /** The Content-Security-Policy of answers whose service set none (API answers: nothing to run, nothing to frame). */
        @WithDefault("default-src 'none'; frame-ancestors 'none'")
        String defaultCsp();

    }
}
