package vn.qrcheckin.venue.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.venue.domain.Inspection;

@ApplicationScoped
public class InspectionRepository implements PanacheRepositoryBase<Inspection, Long> {

    public Uni<List<Inspection>> forVenue(long venueId) {
        return list("venueId = ?1 order by inspectedAt desc, id desc", venueId);
    }
}
