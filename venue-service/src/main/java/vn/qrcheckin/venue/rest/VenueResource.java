package vn.qrcheckin.venue.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.qr.QrContent;
import vn.qrcheckin.venue.config.VenueConfig;
import vn.qrcheckin.venue.domain.SearchText;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.domain.VenueStatus;
import vn.qrcheckin.venue.repository.VenueRepository.Filter;
import vn.qrcheckin.venue.service.AdminUnitDirectory;
import vn.qrcheckin.venue.service.PosterRenderer;
import vn.qrcheckin.venue.service.QrImageRenderer;
import vn.qrcheckin.venue.service.VenueEvents;
import vn.qrcheckin.venue.service.VenueInput;
import vn.qrcheckin.venue.service.VenueRules;
import vn.qrcheckin.venue.service.VenueService;
import vn.qrcheckin.venue.service.VenueService.Page;
import vn.qrcheckin.venue.service.VenueView;

@Path("/api/v1/venues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Venues", description = "The venue registry and its QR codes")
public class VenueResource {

    public record SuspendRequest(String reason) {
    }

    static final String EXAMPLE_VENUE = """
            {"name":"Phở Hà Nội 36","type":"RESTAURANT_CAFE","address":"36 Tô Hiệu","communeCode":"09541",\
            "ownerName":"Nguyễn Văn An","ownerPhone":"+84 912 345 678","latitude":20.9712,"longitude":105.7788}""";

    private final VenueService venues;
    private final VenueEvents events;
    private final AdminUnitDirectory units;
    private final QrImageRenderer qr;
    private final PosterRenderer posters;
    private final SecurityIdentity identity;
    private final VenueConfig config;
    private final VenueRules rules;

    public VenueResource(VenueService venues, VenueEvents events, AdminUnitDirectory units, QrImageRenderer qr, PosterRenderer posters,
            SecurityIdentity identity, VenueConfig config, VenueRules rules) {
        this.rules = rules;
        this.venues = venues;
        this.events = events;
        this.units = units;
        this.qr = qr;
        this.posters = posters;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "operator", "venue-owner" })
    @Operation(summary = "Register a venue", description = "Answers 201 with the venue and the content of its signed QR code.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "restaurant", value = EXAMPLE_VENUE)))
    @APIResponse(responseCode = "201", description = "registered")
    @APIResponse(responseCode = "400", description = "a field is invalid (problem details name it)")
    public Uni<Response> create(VenueInput input) {
        return events.afterCommit(venues.create(Callers.of(identity), requireBody(input)))
                .map(v -> Response.created(URI.create("/api/v1/venues/" + v.id)).entity(view(v)).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "admin", "operator", "inspector", "venue-owner" })
    @Operation(summary = "One venue")
    public Uni<VenueView> get(@PathParam("id") String id) {
        return venues.get(Callers.of(identity), Params.id(id)).map(this::view);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @RolesAllowed({ "admin", "operator", "venue-owner" })
    @Operation(summary = "Change a venue", description = "Only the fields present change. Moving to another commune issues a new QR code.")
    @RequestBody(content = @Content(schema = @Schema(implementation = VenueInput.class),
            examples = @ExampleObject(name = "rename", value = "{\"name\":\"Phở Hà Nội 36 - Cơ sở 2\"}")))
    public Uni<VenueView> update(@PathParam("id") String id, JsonNode patch) {
        long venueId = Params.id(id);
        return events.afterCommit(venues.update(Callers.of(identity), venueId, rules.patch(patch))).map(this::view);
    }

    @GET
    @RolesAllowed({ "admin", "operator", "inspector", "venue-owner" })
    @Operation(summary = "List venues", description = "Keyset paging: pass the nextAfter of a page as after for the next. "
            + "Operators and inspectors see their area; owners their own venues.")
    public Uni<Page<VenueView>> list(
            @Parameter(description = "province, district or commune code", example = "01") @QueryParam("area") String area,
            @Parameter(example = "PHARMACY") @QueryParam("type") String type,
            @Parameter(example = "ACTIVE") @QueryParam("status") String status,
            @Parameter(description = "name contains (diacritics ignored)", example = "pho") @QueryParam("q") String q,
            @QueryParam("after") String after,
            @Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit) {
        Filter filter = new Filter(null, null, Params.enumOf(VenueType.class, type, "type"),
                Params.enumOf(VenueStatus.class, status, "status"), q == null || q.isBlank() ? null : SearchText.fold(q), false);
        return venues.list(Callers.of(identity), Params.code(area), filter, Params.after(after),
                Params.intIn(limit, "limit", 50, 1, VenueService.MAX_PAGE))
                .map(p -> new Page<>(p.items().stream().map(this::view).toList(), p.nextAfter()));
    }

    @POST
    @Path("/{id}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "operator", "inspector" })
    @Operation(summary = "Suspend a venue", description = "Check-ins are still recorded (presence matters for tracing) and flagged.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "reason", value = "{\"reason\":\"3 lần nhắc nhở không khắc phục\"}")))
    public Uni<VenueView> suspend(@PathParam("id") String id, SuspendRequest request) {
        return events.afterCommit(venues.suspend(Callers.of(identity), Params.id(id), request == null ? null : request.reason()))
                .map(this::view);
    }

    @POST
    @Path("/{id}/reinstate")
    @RolesAllowed({ "admin", "operator", "inspector" })
    @Operation(summary = "Reinstate a suspended venue")
    public Uni<VenueView> reinstate(@PathParam("id") String id) {
        return events.afterCommit(venues.reinstate(Callers.of(identity), Params.id(id))).map(this::view);
    }

    @GET
    @Path("/{id}/qr.png")
    @Produces("image/png")
    @PermitAll
    @Operation(summary = "The venue QR code as PNG (public)")
    public Uni<Response> png(@PathParam("id") String id,
            @Parameter(description = "width in pixels, 128 to 2048") @QueryParam("size") String size) {
        int px = Params.intIn(size, "size", config.qr().defaultPngSize(), QrImageRenderer.MIN_PNG, QrImageRenderer.MAX_PNG);
        return rendered(id, "image/png", v -> qr.png(content(v), px));
    }

    @GET
    @Path("/{id}/qr.svg")
    @Produces("image/svg+xml")
    @PermitAll
    @Operation(summary = "The venue QR code as SVG (public)")
    public Uni<Response> svg(@PathParam("id") String id) {
        return rendered(id, "image/svg+xml", v -> qr.svg(content(v)));
    }

    @GET
    @Path("/{id}/poster.pdf")
    @Produces("application/pdf")
    @PermitAll
    @Operation(summary = "Print-ready A4 poster (public)", description = "The QR measures exactly 15 × 15 cm.")
    public Uni<Response> poster(@PathParam("id") String id) {
        return rendered(id, "application/pdf", v -> posters.render(v.name, VenueView.fullAddress(v, units), content(v), v.id));
    }

    /** Renders on a worker thread: drawing a poster takes milliseconds of CPU, too long for the event loop. */
    private Uni<Response> rendered(String id, String type, java.util.function.Function<Venue, Object> render) {
        return venues.getPublic(Params.id(id))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(v -> Response.ok(render.apply(v), type).header("Cache-Control", "public, max-age=300").build());
    }

    private String content(Venue v) {
        return QrContent.url(config.qr().publicBaseUrl(), v.qrToken);
    }

    private VenueView view(Venue v) {
        return VenueView.of(v, units, config.qr().publicBaseUrl());
    }

    private static VenueInput requireBody(VenueInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        return input;
    }
}
