package vn.qrcheckin.venue.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.domain.VenueStatus;

@ApplicationScoped
public class VenueRepository implements PanacheRepositoryBase<Venue, Long> {

    /** Filters of a venue listing; null means "any". */
    public record Filter(String area, String ownerSubject, VenueType type, VenueStatus status, String foldedQuery,
            boolean nonCompliantOnly) {
    }

    /** Draws {@code count} new venue ids in one round trip. */
    public Uni<List<Long>> allocateIds(int count) {
        return getSession().chain(session -> session
                .createNativeQuery("select nextval('venue_seq') from generate_series(1, :n)", Long.class)
                .setParameter("n", count)
                .getResultList());
    }

    /** One keyset page: ids greater than {@code after}, in id order, at most {@code limit}. */
    public Uni<List<Venue>> page(Filter filter, long after, int limit) {
        StringBuilder where = new StringBuilder("id > :after");
        Parameters params = Parameters.with("after", after);
        if (filter.area() != null) {
            where.append(" and (provinceCode = :area or districtCode = :area or communeCode = :area)");
            params.and("area", filter.area());
        }
        if (filter.ownerSubject() != null) {
            where.append(" and ownerSubject = :owner");
            params.and("owner", filter.ownerSubject());
        }
        if (filter.type() != null) {
            where.append(" and type = :type");
            params.and("type", filter.type());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.foldedQuery() != null) {
            where.append(" and searchName like :q");
            params.and("q", "%" + escapeLike(filter.foldedQuery()) + "%");
        }
        if (filter.nonCompliantOnly()) {
            where.append(" and (nonCompliant = true or flaggedForSuspension = true or status = :suspended)");
            params.and("suspended", VenueStatus.SUSPENDED);
        }
        return find(where + " order by id", params).range(0, limit - 1).list();
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
