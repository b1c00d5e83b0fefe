package vn.qrcheckin.venue.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Typed settings of venue-service; see application.properties for the environment variables. */
@ConfigMapping(prefix = "qrcheckin")
public interface VenueConfig {

    Redis redis();

    Qr qr();

    AdminUnits adminUnits();

    @WithName("import")
    BulkImport bulkImport();

    Outbox outbox();

    interface Redis {
        /** Prefix of every Redis key; tests give each run its own. */
        @WithDefault("qrcheckin:")
        String keyPrefix();

        /** Approximate cap of the venue event stream (XADD MAXLEN ~). */
        @WithDefault("5000000")
        long venueStreamMaxLength();
    }

    interface Qr {
        /** Scheme and host printed in every venue QR, e.g. https://qr.example.gov.vn (no trailing path). */
        String publicBaseUrl();

        /** Base64 AES-256 key that wraps the stored Ed25519 private keys. */
        String keyEncryptionKey();

        /** Default PNG width in pixels. */
        @WithDefault("512")
        int defaultPngSize();
    }

    interface AdminUnits {
        /** Class-path resource (or file path) of the administrative-unit CSV loaded at start-up. */
        String resource();
    }

    interface BulkImport {
        /** Largest CSV accepted, in bytes (16 MiB, about 100,000 rows). */
        @WithDefault("16777216")
        int maxBytes();

        /** Most data rows in one CSV. */
        @WithDefault("50000")
        int maxRows();

        /** Rows committed per transaction. */
        @WithDefault("1000")
        int chunkSize();
    }

    interface Outbox {
        /** Events appended to Redis per round trip (one MULTI/EXEC). */
        @WithDefault("500")
        int batchSize();

        /** Age after which the sweep appends an event its request did not (Redis was away, or a crash). */
        @WithDefault("10")
        int graceSeconds();
    }
}
