package vn.qrcheckin.tracing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import vn.qrcheckin.contracts.identity.IdentityKeys;

/** Typed settings of tracing-service; see application.properties for the environment variables. */
@ConfigMapping(prefix = "qrcheckin")
public interface TracingConfig {

    Redis redis();

    Identity identity();

    Tracing tracing();

    interface Redis {
        /** Prefix of every Redis key (the stream-consumer module reads the same through qrcheckin.streams.key-prefix). */
        @WithDefault("qrcheckin:")
        String keyPrefix();
    }

    /** The keys shared with checkin-service (contracts' IdentityKeys; docs/architecture.md, Key rotation). */
    interface Identity extends IdentityKeys {
    }

    interface Tracing {
        /** How long visits are kept; older day partitions are dropped whole. */
        @WithDefault("P21D")
        Duration retention();

        /** Day partitions created ahead of today. */
        @WithDefault("3")
        int partitionsAhead();

        /** Presence widened by this much decides who counts as a contact; overlap minutes count only real presence. */
        @WithDefault("PT15M")
        Duration contactBuffer();

        /** The administrative-unit set the tracers' screen names provinces from (the same set as venue-service's). */
        @WithDefault("admin-units/vn-admin-units-2021.csv")
        String adminUnits();

        /** The longest visit: a check-out later than this after the check-in is not taken (a forgotten one). */
        @WithDefault("PT12H")
        Duration maxVisit();
    }
}
