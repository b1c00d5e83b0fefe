package vn.qrcheckin.venue.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.venue.domain.OutboxEntry;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /**
     * Locks the oldest pending events. SKIP LOCKED lets several instances relay at once without
     * appending an event twice in the normal case.
     */
    public Uni<List<OutboxEntry>> lockOldest(int limit) {
        return getSession().chain(session -> session
                .createNativeQuery("select * from venue_outbox order by id limit :limit for update skip locked", OutboxEntry.class)
                .setParameter("limit", limit)
                .getResultList());
    }

    public Uni<Long> deleteIds(List<Long> ids) {
        return delete("id in ?1", ids);
    }
}
