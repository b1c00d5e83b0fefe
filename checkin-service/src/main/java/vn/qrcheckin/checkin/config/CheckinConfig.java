package vn.qrcheckin.checkin.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.identity.IdentityKeys;

/** Typed settings of checkin-service; see application.properties for the environment variables. */
@ConfigMapping(prefix = "qrcheckin")
public interface CheckinConfig {

    Redis redis();

    Streams streams();

    Venue venue();

    Identity identity();

    Limits limits();

    Backpressure backpressure();

    PersonCard personCard();

    Web web();

    /** OAuth2 client id of a national app → its channel. A client not listed may not submit. */
    Map<String, Channel> appChannels();

    interface Redis {
        @WithDefault("qrcheckin:")
        String keyPrefix();
    }

    /** The partitions and stream names are the contract's (StreamNames), not settings. */
    interface Streams {
        /** How long a check-in id is remembered: a retry within it is the same check-in. */
        @WithDefault("P3D")
        Duration idempotencyWindow();
    }

    interface Venue {
        /** venue-service base URL, where the QR verification keys are published. */
        String url();

        /** Least time between two key refreshes caused by unknown key ids (forged kids must not flood venue-service). */
        @WithDefault("PT5S")
        Duration keyRefreshMinInterval();

        /** Verified tokens remembered, so repeat scans of a venue skip the signature check. */
        @WithDefault("200000")
        int verifiedTokenCacheSize();
    }

    /**
     * Keys shared with tracing-service. Each has an id that prefixes every pseudonym or ciphertext made with
     * it ({@code <id>.<base64url>}), so keys rotate: a new key becomes current under a new id, and the old
     * one moves to the retired list, kept for reading until its data has passed retention.
     */
    /** The keys shared with tracing-service (contracts' IdentityKeys; key ids default to 1 in application.properties). */
    interface Identity extends IdentityKeys {
    }

    interface Limits {
        @WithDefault("500")
        int batchMaxItems();

        /** How far in the future occurredAt may be (clock skew of phones). */
        @WithDefault("PT5M")
        Duration maxFuture();

        /** How old occurredAt may be: the retention window of visits. */
        @WithDefault("P21D")
        Duration retention();
    }

    interface Backpressure {
        /**
         * Entries of one partition a gating consumer group (tracing) has not acknowledged, beyond which new
         * check-ins there get 503 + Retry-After.
         */
        @WithDefault("2000000")
        long maxPending();

        /** How often each partition's backlog is read (a Vert.x timer; sub-second periods work). */
        @WithDefault("PT0.25S")
        Duration checkEvery();

        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface PersonCard {
        /** Base64 HMAC key (32+ bytes) that signs personal QR cards. */
        String key();
    }

    interface Web {
        /** Web check-ins per client address per minute. */
        @WithDefault("20")
        int perMinute();
    }
}
