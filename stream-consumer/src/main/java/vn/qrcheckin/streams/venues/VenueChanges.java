package vn.qrcheckin.streams.venues;

import java.util.List;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.VenueEvent;

/**
 * Optional listener of the {@link VenueFollower}: a service that keeps venues in its own store (report-service's
 * roll-ups by area) gets every venue state the follower applies, a snapshot page or a batch of stream events at a
 * time, in order. The follower waits for the returned Uni and, when it fails, offers the same states again (with
 * a growing pause) before it reads on, so nothing is skipped; the states may come again after a reload of the
 * snapshot or a restart, so applying them must be idempotent (keep the highest {@link VenueEvent#version()}).
 */
public interface VenueChanges {

    /** Stores these venue states; fails to have them offered again. */
    Uni<Void> apply(List<VenueEvent> states);
}
