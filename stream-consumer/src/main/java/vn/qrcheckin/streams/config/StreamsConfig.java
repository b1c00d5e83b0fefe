package vn.qrcheckin.streams.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the shared stream consumer; every default is what a production instance runs with. The
 * partitions, stream names and groups are not settings: they are the contract (contracts' StreamNames).
 */
@ConfigMapping(prefix = "qrcheckin.streams")
public interface StreamsConfig {

    /** Key prefix of every stream (the same as the producers'). */
    @WithDefault("qrcheckin:")
    String keyPrefix();

    Consumer consumer();

    Trim trim();

    Health health();

    Venues venues();

    interface Consumer {
        /**
         * The check-in consumer group this service reads as ({@code tracing}, {@code report}); no consumer runs
         * without one (checkin-service only produces).
         */
        Optional<String> group();

        /** This instance's name in the group; the pod name in Kubernetes (HOSTNAME), else a random one. */
        Optional<String> name();

        /** Entries read per partition per round trip, and so written per transaction at most. */
        @WithDefault("500")
        int batchSize();

        /**
         * Owned partitions read and written at the same time, each batch in its own transaction. One partition is
         * still written batch after batch, in stream order. Above 1 only for a sink whose partitions touch
         * different rows (tracing: a venue's check-ins and check-outs share a partition) or take their row locks
         * in one order; a round is as slow as its slowest partition either way.
         */
        @WithDefault("1")
        int concurrency();

        /**
         * Pause after a round that found nothing new. Reads do not block: a blocking read holds a connection per
         * partition and cannot span partitions in different Redis Cluster slots.
         */
        @WithDefault("PT0.2S")
        Duration idleWait();

        /** A pending entry idle this long belongs to a consumer presumed dead: the partition's owner claims it. */
        @WithDefault("PT1M")
        Duration claimIdle();

        /** How often the owner of a partition looks for such entries. */
        @WithDefault("PT10S")
        Duration claimEvery();

        /** Deliveries after which an entry that still fails on its own is dead-lettered. */
        @WithDefault("5")
        int maxDeliveries();

        /** Pause after a failed round (the database or Redis away) before the next. */
        @WithDefault("PT1S")
        Duration retryBackoff();

        /** An instance that has not announced itself for this long is gone: its partitions are shared out again. */
        @WithDefault("PT15S")
        Duration memberTtl();
    }

    interface Trim {
        /** Trim the check-in partitions (idempotent: every instance of every consumer may do it). */
        @WithDefault("true")
        boolean enabled();

        /** How often the groups' positions are read (metrics, health) and the partitions trimmed. */
        @WithDefault("PT5S")
        Duration every();

        /**
         * How many entries a non-gating group (report) may trail the gating groups before it is trimmed past:
         * its figures for the trimmed span are then recorded as incomplete. 2 million entries is a day of Hà
         * Nội's scans in one partition many times over.
         */
        @WithDefault("2000000")
        long maxLag();
    }

    interface Health {
        /** Unacknowledged entries of a gating group in one partition past which stream health is DOWN (degraded). */
        @WithDefault("100000")
        long maxLag();
    }

    interface Venues {
        /** Follow the venue stream into the in-memory projection (off where a service needs no venues). */
        @WithDefault("true")
        boolean enabled();

        /** venue-service base URL, where the snapshot is served. */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** Venues per snapshot page. */
        @WithDefault("5000")
        int pageSize();

        /**
         * Ask the OIDC client (quarkus.oidc-client.*, client credentials with role "service") for a bearer token
         * for the snapshot.
         */
        @WithDefault("true")
        boolean authenticate();
    }
}
