package vn.qrcheckin.venue.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.venue.config.VenueConfig;
import vn.qrcheckin.venue.domain.OutboxEntry;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.messaging.StreamPublisher;
import vn.qrcheckin.venue.repository.OutboxRepository;

/**
 * Venue events through a transactional outbox: {@link #record} writes the event in the caller's
 * transaction; once it commits, the request appends its own events to the Redis stream (awaited) and
 * deletes them from the outbox, two round trips. A sweep appends whatever is left after a grace period (a
 * Redis outage, a crash between commit and append). Delivery is at least once: consumers de-duplicate on
 * {@link VenueEvent#eventId()}, and keep the state of the highest {@link VenueEvent#version()} (event ids
 * are not ordered per venue across writers: Hibernate draws them in blocks, bulk import one by one).
 */
@ApplicationScoped
public class VenueEvents {

    private static final Logger LOG = Logger.getLogger(VenueEvents.class);
    /** Request-context key of the events recorded by the current request. */
    private static final String PENDING = VenueEvents.class.getName() + ".pending";
    private static final String UNNUMBERED = "{\"eventId\":0,";

    private final OutboxRepository outbox;
    private final StreamPublisher publisher;
    private final ObjectMapper json;
    private final VenueConfig config;

    public VenueEvents(OutboxRepository outbox, StreamPublisher publisher, ObjectMapper json, VenueConfig config) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.json = json;
        this.config = config;
    }

    /**
     * Adds the event for a change to the current (Hibernate) transaction and remembers it in the request's
     * context, so that {@link #afterCommit} publishes exactly the events of this request. Call it after the
     * change's last write to the venue: the flush writes the venue first, so the event carries the version
     * the change commits with (Hibernate increments it at the flush; a concurrent change fails there).
     */
    public Uni<Void> record(Venue venue, VenueEvent.Type type) {
        return Panache.flush().chain(() -> outbox.persist(entryFor(venue, type))).invoke(e -> {
            List<OutboxEntry> pending = ContextLocals.<List<OutboxEntry>> get(PENDING).orElse(null);
            if (pending == null) {
                pending = new ArrayList<>();
                ContextLocals.put(PENDING, pending);
            }
            pending.add(e);
        }).replaceWithVoid();
    }

    /**
     * An outbox entry for a change at the venue's current {@link Venue#version}; its id (the event id) is set
     * when it is stored.
     */
    public OutboxEntry entryFor(Venue venue, VenueEvent.Type type) {
        OutboxEntry entry = new OutboxEntry();
        entry.createdAt = Instant.now();
        // Stored without its id (the first field): withEventId puts it back when publishing.
        String full = toJson(new VenueEvent(0, type, venue.id, venue.name, venue.type, venue.type.defaultDwellMinutes(),
                venue.communeCode, venue.districtCode, venue.provinceCode, venue.status.name(), venue.ownerSubject, entry.createdAt,
                venue.version, VenueEvent.SCHEMA, venue.createdAt, venue.nonCompliant));
        if (!full.startsWith(UNNUMBERED)) {
            throw new IllegalStateException("VenueEvent must serialise eventId first");
        }
        entry.payload = "{" + full.substring(UNNUMBERED.length());
        return entry;
    }

    /**
     * Publishes this request's events once its transaction committed. A Redis failure is logged and left
     * to the sweep: the events are in the outbox, never lost.
     */
    public <T> Uni<T> afterCommit(Uni<T> committed) {
        return committed.call(() -> {
            List<OutboxEntry> mine = ContextLocals.<List<OutboxEntry>> get(PENDING).orElse(List.of());
            ContextLocals.remove(PENDING);
            return publish(mine);
        });
    }

    /** Appends committed events and deletes them from the outbox; failures are left to the sweep. */
    public Uni<Void> publish(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = config.outbox().batchSize();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < entries.size(); i += size) {
            List<OutboxEntry> batch = entries.subList(i, Math.min(entries.size(), i + size));
            chain = chain.chain(() -> append(batch).chain(() -> outbox.deletePublished(batch.stream().map(e -> e.id).toList())));
        }
        return chain.onFailure().recoverWithItem(failure -> {
            LOG.warnf("Venue events stay in the outbox until Redis answers: %s", failure.getMessage());
            return null;
        });
    }

    /** Publishes every stale event, batch by batch; returns how many were appended. */
    public Uni<Integer> publishStale() {
        return publishStaleBatch()
                .chain(n -> n < config.outbox().batchSize() ? Uni.createFrom().item(n) : publishStale().map(m -> n + m));
    }

    private Uni<Integer> publishStaleBatch() {
        return Panache.withTransaction(() -> outbox.lockStale(config.outbox().batchSize(), config.outbox().graceSeconds())
                .chain(entries -> entries.isEmpty() ? Uni.createFrom().item(0)
                        : append(entries).chain(() -> outbox.deleteIds(entries.stream().map(e -> e.id).toList()))
                                .replaceWith(entries.size())));
    }

    private Uni<Void> append(List<OutboxEntry> entries) {
        List<String> payloads = entries.stream().map(this::withEventId).toList();
        return publisher.append(StreamNames.venueEvents(config.redis().keyPrefix()), config.redis().venueStreamMaxLength(), payloads);
    }

    /** The stored event with its id put in front: the outbox row id, known only once the row exists. */
    private String withEventId(OutboxEntry entry) {
        return "{\"eventId\":" + entry.id + "," + entry.payload.substring(1);
    }

    @Scheduled(every = "${qrcheckin.outbox.sweep-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return publishStale().onFailure().recoverWithItem(failure -> {
            LOG.debugf("Outbox sweep: Redis not reachable (%s)", failure.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    private String toJson(VenueEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise venue event", e);
        }
    }
}
