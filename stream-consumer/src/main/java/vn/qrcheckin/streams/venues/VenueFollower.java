package vn.qrcheckin.streams.venues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueSnapshot;
import vn.qrcheckin.streams.config.StreamsConfig;
import vn.qrcheckin.streams.messaging.GroupStreams;

/**
 * Keeps this instance's {@link VenueProjection}: loads venue-service's snapshot page by page, then follows the
 * venue stream from where it ended before the first page was asked for. The stream is capped, so nothing here needs its
 * whole history; when the stream dropped events this instance had not read (the stream added more entries
 * after our position than it still holds) the snapshot is loaded again. Every instance reads every event (no group: each holds all venues).
 * {@link #ready()} once the snapshot is in and the stream has been read to its end once. A {@link VenueChanges} bean,
 * where the service has one, gets every applied page and batch before the follower moves on.
 */
@Singleton // no client proxy: read on every check-in
public class VenueFollower {

    private static final Logger LOG = Logger.getLogger(VenueFollower.class);
    private static final int READ = 1000;

    private final VenueProjection projection = new VenueProjection();
    private final GroupStreams streams;
    private final StreamsConfig config;
    private final ObjectMapper json;
    private final WebClient http;
    private final Instance<OidcClient> oidc;
    private final Instance<VenueChanges> changes;
    private final String stream;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile String position = null;
    /** How many entries the stream had added up to {@link #position} (XINFO's entries-added at that id). */
    private volatile long read;
    private volatile String lastError;
    private Tokens tokens;
    private volatile Cancellable inflight;

    public VenueFollower(GroupStreams streams, StreamsConfig config, ObjectMapper json, Vertx vertx, Instance<OidcClient> oidc,
            Instance<VenueChanges> changes) {
        this.streams = streams;
        this.config = config;
        this.json = json;
        this.http = WebClient.create(vertx);
        this.oidc = oidc;
        this.changes = changes;
        this.stream = StreamNames.venueEvents(config.keyPrefix());
    }

    void start(@Observes StartupEvent event) {
        if (config.venues().enabled()) {
            running = true;
            loadThenFollow(Duration.ofMillis(500));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        // A read in flight (blocked up to 2 s) must not call back into a stopped application.
        Cancellable last = inflight;
        if (last != null) {
            last.cancel();
        }
    }

    public VenueProjection projection() {
        return projection;
    }

    public Optional<VenueProjection.VenueState> find(long venueId) {
        return projection.find(venueId);
    }

    public boolean ready() {
        return ready;
    }

    /** The venue stream id the projection has read up to (null before the snapshot). */
    public String position() {
        return position;
    }

    public String lastError() {
        return lastError;
    }

    private void loadThenFollow(Duration backoff) {
        if (!running) {
            return;
        }
        inflight = load().subscribe().with(n -> {
            lastError = null;
            LOG.infof("venue snapshot: %d venues, following %s from %s", n, stream, position);
            follow();
        }, e -> {
            lastError = "snapshot: " + e.getMessage();
            LOG.infof("venue snapshot not loaded from %s (%s); retrying in %s", config.venues().url(), e.getMessage(), backoff);
            Uni.createFrom().voidItem().onItem().delayIt().by(backoff).subscribe()
                    .with(v -> loadThenFollow(backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2)));
        });
    }

    /**
     * Loads every page. The position to follow from is the stream's end read here, before the first page is
     * asked for (as venue-service's {@code consistentWith}, but read with the stream's entry count, which
     * the gap check needs): every event up to it is reflected in pages queried afterwards.
     */
    public Uni<Integer> load() {
        return streams.readCounted(stream, "+", 0).chain(mark -> page(0L, 0).invoke(n -> {
            position = mark.lastGenerated().toString();
            read = mark.added();
        }));
    }

    private Uni<Integer> page(long after, int loaded) {
        return token().chain(bearer -> {
            HttpRequest<io.vertx.mutiny.core.buffer.Buffer> get = http.getAbs(config.venues().url() + "/api/v1/internal/venue-snapshot")
                    .addQueryParam("after", String.valueOf(after)).addQueryParam("limit", String.valueOf(config.venues().pageSize()))
                    .timeout(30_000);
            if (bearer != null) {
                get.bearerTokenAuthentication(bearer);
            }
            return get.send();
        }).chain(response -> {
            if (response.statusCode() != 200) {
                return Uni.createFrom().failure(new IllegalStateException("venue snapshot answered " + response.statusCode()));
            }
            VenueSnapshot snapshot;
            try {
                snapshot = json.readValue(response.bodyAsString(), VenueSnapshot.class);
            } catch (Exception e) {
                return Uni.createFrom().failure(new IllegalStateException("unreadable venue snapshot: " + e.getMessage()));
            }
            List<VenueEvent> venues = snapshot.venues() == null ? List.of() : snapshot.venues();
            venues.forEach(projection::apply);
            int total = loaded + venues.size();
            return handOver(venues).chain(() -> snapshot.nextAfter() == null ? Uni.createFrom().item(total) : page(snapshot.nextAfter(), total));
        });
    }

    private Uni<String> token() {
        if (!config.venues().authenticate() || !oidc.isResolvable()) {
            return Uni.createFrom().nullItem();
        }
        Tokens held = tokens;
        if (held != null && !held.isAccessTokenExpired()) {
            return Uni.createFrom().item(held.getAccessToken());
        }
        return oidc.get().getTokens().invoke(t -> tokens = t).map(Tokens::getAccessToken);
    }

    private void follow() {
        if (!running) {
            return;
        }
        inflight = streams.readCounted(stream, position, READ).chain(batch -> {
            // Entries after our position, by the stream's own count; more than it holds = some were trimmed unread.
            // Fewer added than we read: Redis lost the stream (restarted without persistence), events with it.
            if (batch.added() - read > batch.length() || batch.added() < read) {
                LOG.warnf("venue stream lost entries after %s before they were read: loading the snapshot again", position);
                return load().replaceWith(true);
            }
            List<VenueEvent> applied = new ArrayList<>(batch.entries().size());
            for (GroupStreams.Entry e : batch.entries()) {
                VenueEvent venue = parse(e);
                if (venue != null) {
                    projection.apply(venue);
                    applied.add(venue);
                }
            }
            // The position moves only once the listener has the batch: a restart reads it again, never past it.
            return handOver(applied).chain(() -> {
                if (!batch.entries().isEmpty()) {
                    position = batch.entries().get(batch.entries().size() - 1).id();
                }
                read += batch.entries().size();
                if (batch.entries().size() == READ) {
                    return Uni.createFrom().item(true);
                }
                ready = true;
                // Caught up: wait (blocking read, result unused) until something new arrives.
                return streams.readAfter(stream, position, 1, Duration.ofSeconds(2)).replaceWith(true);
            });
        }).subscribe().with(more -> follow(), e -> {
            lastError = "venue stream: " + e.getMessage();
            Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1)).subscribe().with(v -> follow());
        });
    }

    private VenueEvent parse(GroupStreams.Entry entry) {
        try {
            return json.readValue(entry.event(), VenueEvent.class);
        } catch (Exception ex) {
            LOG.warnf("skipping unreadable venue event %s", entry.id());
            return null;
        }
    }

    /**
     * Gives applied states to the service's {@link VenueChanges}, offering them again after a failure (its store
     * away) until it takes them or the application stops: skipping them would lose venues for good.
     */
    private Uni<Void> handOver(List<VenueEvent> applied) {
        if (applied.isEmpty() || !changes.isResolvable()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> changes.get().apply(applied))
                .onFailure().invoke(e -> {
                    lastError = "venue changes: " + e.getMessage();
                    LOG.infof("venue changes not stored (%s); offering them again", e.getMessage());
                })
                .onFailure(e -> running).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
