package vn.qrcheckin.streams.venues;

import java.time.Duration;
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
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueSnapshot;
import vn.qrcheckin.streams.config.StreamsConfig;
import vn.qrcheckin.streams.messaging.GroupStreams;
import vn.qrcheckin.streams.messaging.StreamId;

/**
 * Keeps this instance's {@link VenueProjection}: loads venue-service's snapshot page by page, then follows the
 * venue stream from the id the first page was consistent with. The stream is capped, so nothing here needs its
 * whole history; when the stream dropped events this instance had not read (its max deleted id passed our
 * position) the snapshot is loaded again. Every instance reads every event (no group: each holds all venues).
 * {@link #ready()} once the snapshot is in and the stream has been read to its end once.
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
    private final String stream;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile String position = null;
    private volatile long gapCheckedAt;
    private volatile String lastError;
    private Tokens tokens;

    public VenueFollower(GroupStreams streams, StreamsConfig config, ObjectMapper json, Vertx vertx, Instance<OidcClient> oidc) {
        this.streams = streams;
        this.config = config;
        this.json = json;
        this.http = WebClient.create(vertx);
        this.oidc = oidc;
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
        load().subscribe().with(n -> {
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

    /** Loads every page; the stream position becomes the first page's {@code consistentWith}. */
    public Uni<Integer> load() {
        return page(0L, null, 0);
    }

    private Uni<Integer> page(long after, String consistentWith, int loaded) {
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
            String from = consistentWith != null ? consistentWith : snapshot.consistentWith();
            List<VenueEvent> venues = snapshot.venues() == null ? List.of() : snapshot.venues();
            venues.forEach(projection::apply);
            int total = loaded + venues.size();
            if (snapshot.nextAfter() == null) {
                position = from == null ? "0-0" : from;
                return Uni.createFrom().item(total);
            }
            return page(snapshot.nextAfter(), from, total);
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
        gapCheck().chain(gap -> gap ? Uni.createFrom().item(List.<GroupStreams.Entry> of())
                : streams.readAfter(stream, position, READ, Duration.ofSeconds(2)).invoke(entries -> {
                    for (GroupStreams.Entry e : entries) {
                        apply(e);
                        position = e.id();
                    }
                    if (entries.size() < READ) {
                        ready = true;
                    }
                }).map(entries -> entries))
                .subscribe().with(entries -> follow(), e -> {
                    lastError = "venue stream: " + e.getMessage();
                    Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1)).subscribe().with(v -> follow());
                });
    }

    /** True (and the snapshot loaded again) when the stream trimmed events past our position. */
    private Uni<Boolean> gapCheck() {
        long now = System.currentTimeMillis();
        if (now - gapCheckedAt < config.venues().gapCheckEvery().toMillis()) {
            return Uni.createFrom().item(false);
        }
        gapCheckedAt = now;
        return streams.info(stream).chain(info -> {
            if (info.maxDeleted().compareTo(StreamId.parse(position)) <= 0) {
                return Uni.createFrom().item(false);
            }
            LOG.warnf("venue stream trimmed past %s (to %s) before it was read: loading the snapshot again", position, info.maxDeleted());
            return load().replaceWith(true);
        });
    }

    private void apply(GroupStreams.Entry entry) {
        try {
            projection.apply(json.readValue(entry.event(), VenueEvent.class));
        } catch (Exception ex) {
            LOG.warnf("skipping unreadable venue event %s", entry.id());
        }
    }
}
