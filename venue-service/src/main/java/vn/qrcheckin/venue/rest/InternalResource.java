package vn.qrcheckin.venue.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.VenueSnapshot;
import vn.qrcheckin.venue.service.VenueSnapshotService;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.web.ProblemException;

/** What the other services read from this one (service accounts), not routed to the public. */
@Path("/api/v1/internal")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal", description = "For the other qrcheckin services (client credentials, role service)")
public class InternalResource {

    static final String EXAMPLE_SNAPSHOT = """
            {"consistentWith":"1764581261894-0","venues":[{"eventId":0,"venueId":1000,"venueName":"Quán cà phê Hoa Sữa 1",\
            "venueType":"RESTAURANT_CAFE","defaultDwellMinutes":60,"communeCode":"00001","districtCode":"001","provinceCode":"01",\
            "status":"ACTIVE","ownerSubject":"owner-demo","occurredAt":"2026-11-21T21:47:32.18Z","version":3,"schema":1}],\
            "nextAfter":1000}""";

    private final VenueSnapshotService snapshots;

    public InternalResource(VenueSnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Path("/venue-snapshot")
    @RolesAllowed({ "service", "admin" })
    @Operation(summary = "Every venue's current state, page by page", description = "What a venue projection starts from: "
            + "each venue as a venue event (no eventId or type) at its current version. Keyset paging: pass nextAfter as "
            + "after until it is absent. Then follow the venue stream after the first page's consistentWith, keeping "
            + "per venue the state with the highest version.")
    @APIResponse(responseCode = "200", description = "one page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "page", value = EXAMPLE_SNAPSHOT)))
    public Uni<VenueSnapshot> venueSnapshot(
            @Parameter(description = "venue id the page starts after; 0 (default) for the first page", example = "0")
            @QueryParam("after") String after,
            @Parameter(description = "1 to 10000, default 5000", example = "5000") @QueryParam("limit") String limit) {
        return snapshots.page(venueIdOrZero(after),
                Params.intIn(limit, "limit", VenueSnapshotService.DEFAULT_LIMIT, 1, VenueSnapshotService.MAX_LIMIT));
    }

    /** Strict, unlike listings' after: a negative cursor is a caller's bug, not the first page. */
    private static long venueIdOrZero(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long after = Long.parseLong(raw.strip());
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalid("after", "must be a venue id from 0 (the nextAfter of the previous page)");
    }
}
