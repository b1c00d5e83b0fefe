package vn.qrcheckin.tracing.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.streams.venues.VenueProjection;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.tracing.repository.ExposureRepository;
import vn.qrcheckin.tracing.repository.ExposureRepository.Site;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;

/**
 * Exposure sites: where and when a case was, published for the national apps to match against their on-device
 * history. Venue and window only: nothing about the person.
 */
@ApplicationScoped
public class ExposureService {

    /** A site as a tracer sends it (an edited list) or as published. */
    public record SiteInput(Long venueId, Instant from, Instant to) {
    }

    public record SitesInput(List<SiteInput> sites) {
    }

    /** A site in the public feed. */
    public record PublicSite(long id, long venueId, String venueName, String communeCode, Instant from, Instant to, Instant publishedAt) {
    }

    private final CaseService cases;
    private final ExposureRepository sites;
    private final VenueFollower venues;
    private final TracingConfig config;

    public ExposureService(CaseService cases, ExposureRepository sites, VenueFollower venues, TracingConfig config) {
        this.cases = cases;
        this.sites = sites;
        this.venues = venues;
        this.config = config;
    }

    /** Publishes the tracer's list, or by default the case's visits within its infectious window. */
    public Uni<List<PublicSite>> publish(Caller caller, long caseId, SitesInput input) {
        List<SiteInput> given = input == null ? null : input.sites();
        if (given != null) {
            List<FieldError> errors = new ArrayList<>();
            if (given.isEmpty() || given.size() > 200) {
                errors.add(new FieldError("sites", "must hold 1 to 200 sites (or be left out: the case's visits)"));
            }
            for (int i = 0; i < given.size() && i < 200; i++) {
                SiteInput s = given.get(i);
                String f = "sites[" + i + "]";
                if (s == null) {
                    errors.add(new FieldError(f, "is required"));
                    continue;
                }
                if (s.venueId() == null || s.venueId() <= 0) {
                    errors.add(new FieldError(f + ".venueId", "is required: a venue id"));
                }
                cases.window(s.from(), s.to(), f + ".from", f + ".to", errors);
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
        }
        return cases.load(caller, caseId).chain(c -> {
            Uni<List<SiteInput>> chosen = given != null ? Uni.createFrom().item(given)
                    : cases.presence(c).map(p -> p.visits().stream()
                            .filter(v -> v.arrivedAt().isBefore(c.infectiousTo()) && v.endsAt().isAfter(c.infectiousFrom()))
                            .map(v -> new SiteInput(v.venueId(), later(v.arrivedAt(), c.infectiousFrom()), earlier(v.endsAt(), c.infectiousTo())))
                            .toList());
            return chosen.chain(list -> sites.publish(list.stream().map(s -> {
                VenueProjection.VenueState venue = venues.find(s.venueId()).orElse(null);
                return new Site(0, c.id(), s.venueId(), venue == null ? null : venue.name(), venue == null ? null : venue.communeCode(),
                        venue == null ? c.provinceCode() : venue.provinceCode(), s.from(), s.to(), null);
            }).toList()));
        }).map(list -> list.stream().map(ExposureService::view).toList());
    }

    /** The public feed: sites published after {@code since} (default: within the retention), oldest first. */
    public Uni<List<PublicSite>> feed(Instant since) {
        Instant from = since != null ? since : Instant.now().minus(config.tracing().retention());
        return sites.since(from, 5000).map(list -> list.stream().map(ExposureService::view).toList());
    }

    private static PublicSite view(Site s) {
        return new PublicSite(s.id(), s.venueId(), s.venueName(), s.communeCode(), s.from(), s.to(), s.publishedAt());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
