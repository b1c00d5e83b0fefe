package vn.qrcheckin.venue.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueSnapshot;
import vn.qrcheckin.venue.config.VenueConfig;
import vn.qrcheckin.venue.messaging.StreamPublisher;
import vn.qrcheckin.venue.repository.VenueRepository;
import vn.qrcheckin.venue.repository.VenueRepository.VenueState;
import vn.qrcheckin.web.ProblemException;

/**
 * Pages of every venue's current state, from which a consumer builds its venue projection before it
 * follows the venue stream (so no consumer depends on the capped stream holding all history).
 */
@ApplicationScoped
public class VenueSnapshotService {

    public static final int DEFAULT_LIMIT = 5_000;
    public static final int MAX_LIMIT = 10_000;

    private static final Logger LOG = Logger.getLogger(VenueSnapshotService.class);

    private final VenueRepository venues;
    private final StreamPublisher stream;
    private final VenueConfig config;

    public VenueSnapshotService(VenueRepository venues, StreamPublisher stream, VenueConfig config) {
        this.venues = venues;
        this.stream = stream;
        this.config = config;
    }

    /**
     * Venues with ids above {@code after}, at most {@code limit}. The stream's newest id is read before the
     * rows: an event is appended only after its change commits, so every event up to that id is in the rows
     * read afterwards, and a consumer that follows the stream from it misses nothing (events it sees again
     * carry versions it already has).
     */
    public Uni<VenueSnapshot> page(long after, int limit) {
        return stream.lastId(StreamNames.venueEvents(config.redis().keyPrefix()))
                .onFailure().transform(failure -> {
                    LOG.warnf("Venue snapshot refused, the venue stream is not readable: %s", failure.getMessage());
                    return ProblemException.unavailable("the venue stream cannot be read now; retry shortly", 5);
                })
                // One row more than the page tells whether another page follows.
                .chain(consistentWith -> venues.states(after, limit + 1).map(rows -> {
                    boolean more = rows.size() > limit;
                    List<VenueEvent> page = (more ? rows.subList(0, limit) : rows).stream().map(VenueSnapshotService::asEvent).toList();
                    return new VenueSnapshot(consistentWith, page, more ? page.get(limit - 1).venueId() : null);
                }));
    }

    /** A venue's state in the event contract: no event id or type, the time and version of its last change. */
    static VenueEvent asEvent(VenueState v) {
        return new VenueEvent(0, null, v.id(), v.name(), v.type(), v.type().defaultDwellMinutes(), v.communeCode(), v.districtCode(),
                v.provinceCode(), v.status().name(), v.ownerSubject(), v.updatedAt(), v.version(), VenueEvent.SCHEMA, v.createdAt(),
                v.nonCompliant());
    }
}
