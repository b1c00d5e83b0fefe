package vn.qrcheckin.venue.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
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
 * transaction, {@link #publishPending} appends committed events to the Redis stream (awaited) and deletes
 * them. Requests publish right after their commit; a sweep retries whatever a Redis outage left behind.
 * Delivery is at least once: consumers de-duplicate on {@link VenueEvent#eventId()}.
 */
@ApplicationScoped
public class VenueEvents {

    private static final Logger LOG = Logger.getLogger(VenueEvents.class);

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

    /** Adds the event for a change to the current transaction. The venue must have its id. */
    public Uni<Void> record(Venue venue, VenueEvent.Type type) {
        OutboxEntry entry = new OutboxEntry();
        entry.createdAt = Instant.now();
        // The event id is the outbox row id, known only after persist: it is filled in when publishing.
        entry.payload = toJson(new VenueEvent(0, type, venue.id, venue.name, venue.type, venue.type.defaultDwellMinutes(),
                venue.communeCode, venue.districtCode, venue.provinceCode, venue.status.name(), entry.createdAt));
        return outbox.persist(entry).replaceWithVoid();
    }

    /** Publishes after a committed change; a Redis failure is logged and left to the sweep, never lost. */
    public <T> Uni<T> afterCommit(Uni<T> committed) {
        return committed.call(() -> publishAll().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Venue events stay in the outbox until Redis answers: %s", failure.getMessage());
            return 0;
        }));
    }

    /** Appends every pending event, batch by batch; returns how many were appended. */
    public Uni<Integer> publishAll() {
        return publishBatch().chain(n -> n < config.outbox().batchSize() ? Uni.createFrom().item(n) : publishAll().map(m -> n + m));
    }

    private Uni<Integer> publishBatch() {
        return Panache.withTransaction(() -> outbox.lockOldest(config.outbox().batchSize()).chain(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<String> payloads = entries.stream().map(this::withEventId).toList();
            return publisher.append(StreamNames.venueEvents(config.redis().keyPrefix()), config.redis().venueStreamMaxLength(), payloads)
                    .chain(() -> outbox.deleteIds(entries.stream().map(e -> e.id).toList()))
                    .replaceWith(entries.size());
        }));
    }

    private String withEventId(OutboxEntry entry) {
        try {
            VenueEvent e = json.readValue(entry.payload, VenueEvent.class);
            return toJson(new VenueEvent(entry.id, e.type(), e.venueId(), e.venueName(), e.venueType(), e.defaultDwellMinutes(),
                    e.communeCode(), e.districtCode(), e.provinceCode(), e.status(), e.occurredAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outbox entry " + entry.id, e);
        }
    }

    @Scheduled(every = "${qrcheckin.outbox.sweep-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return publishAll().onFailure().recoverWithItem(failure -> {
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
