package vn.qrcheckin.venue.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.qr.QrContent;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.domain.VenueStatus;
import vn.qrcheckin.venue.service.AdminUnitDirectory;
import vn.qrcheckin.venue.service.QrKeyService;
import vn.qrcheckin.venue.service.VenueService;
import vn.qrcheckin.venue.service.VenueService.Page;
import vn.qrcheckin.venue.service.VenueView;

/** What anyone may read: no owner names or phones here. */
@Path("/api/v1/public")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public", description = "Open data: the non-compliant list and venue names for a scanned code")
@PermitAll
public class PublicResource {

    public record PublicVenue(long id, String name, VenueType type, String address, List<VenueView.AreaRef> area, VenueStatus status,
            List<String> violations, Instant lastInspectedAt, boolean flaggedForSuspension, String suspensionReason) {
    }

    private final VenueService venues;
    private final QrKeyService keys;
    private final AdminUnitDirectory units;

    public PublicResource(VenueService venues, QrKeyService keys, AdminUnitDirectory units) {
        this.venues = venues;
        this.keys = keys;
        this.units = units;
    }

    @GET
    @Path("/non-compliant-venues")
    @Operation(summary = "Venues that break the rules", description = "Last inspection found violations, flagged after three "
            + "reminders, or suspended.")
    public Uni<Page<PublicVenue>> nonCompliant(
            @Parameter(description = "province, district or commune code", example = "01") @QueryParam("area") String area,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        return venues.nonCompliant(Params.code(area), Params.after(after), Params.intIn(limit, "limit", 100, 1, VenueService.MAX_PAGE))
                .map(p -> new Page<>(p.items().stream().map(this::view).toList(), p.nextAfter()));
    }

    @GET
    @Path("/venues/by-qr/{token}")
    @Operation(summary = "The venue a scanned code belongs to", description = "Verifies the code's signature first: a forged "
            + "or altered code is refused (400).")
    public Uni<PublicVenue> byToken(@Parameter(description = "the token, or the whole QR content URL-encoded") @PathParam("token") String token) {
        return Uni.createFrom().item(() -> QrContent.extractToken(token))
                .chain(keys::verify)
                .chain(claims -> venues.getPublic(claims.venueId()))
                .map(this::view);
    }

    private PublicVenue view(Venue v) {
        return new PublicVenue(v.id, v.name, v.type, VenueView.fullAddress(v, units), VenueView.area(v, units), v.status,
                v.nonCompliant ? List.of(v.lastViolations.split(",")) : List.of(), v.lastInspectedAt, v.flaggedForSuspension,
                v.suspensionReason);
    }
}
