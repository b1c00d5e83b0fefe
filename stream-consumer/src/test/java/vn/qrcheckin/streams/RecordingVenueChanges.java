package vn.qrcheckin.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.streams.venues.VenueChanges;

/**
 * The test application's {@link VenueChanges}: keeps the highest version it was given per venue, and refuses
 * every third hand-over (a store that is away now and then) to show that the follower offers it again.
 */
@ApplicationScoped
public class RecordingVenueChanges implements VenueChanges {

    private final Map<Long, VenueEvent> venues = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /** Read through methods: a test holds the client proxy, whose own fields are empty. */
    public Map<Long, VenueEvent> venues() {
        return venues;
    }

    public int refused() {
        return refused.get();
    }

    @Override
    public Uni<Void> apply(List<VenueEvent> states) {
        if (calls.incrementAndGet() % 3 == 1) {
            refused.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("store away"));
        }
        states.forEach(s -> venues.merge(s.venueId(), s, (old, next) -> next.version() >= old.version() ? next : old));
        return Uni.createFrom().voidItem();
    }
}
