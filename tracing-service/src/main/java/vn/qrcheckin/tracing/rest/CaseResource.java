package vn.qrcheckin.tracing.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.tracing.service.CaseService;
import vn.qrcheckin.tracing.service.CaseService.CaseInput;
import vn.qrcheckin.tracing.service.CaseService.CaseSummary;
import vn.qrcheckin.tracing.service.CaseService.CaseView;
import vn.qrcheckin.tracing.service.CaseService.CaseVisits;
import vn.qrcheckin.tracing.service.ContactsCsv;
import vn.qrcheckin.tracing.service.ExposureService;
import vn.qrcheckin.tracing.service.ExposureService.SitesInput;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/tracing/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cases", description = "Confirmed cases (F0), where they went, who was there (F1, F2). Every answer with personal data is audited.")
public class CaseResource {

    private final CaseService cases;
    private final ExposureService exposures;
    private final SecurityIdentity identity;

    public CaseResource(CaseService cases, ExposureService exposures, SecurityIdentity identity) {
        this.cases = cases;
        this.exposures = exposures;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "tracer" })
    @APIResponse(responseCode = "201", description = "opened; the person normalised exactly as at check-in")
    @Operation(summary = "Open a case", description = "A tracer opens cases of the province in their token only.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "case", value = """
            {"person":{"idType":"PHONE","number":"0912345678"},"infectiousFrom":"2026-11-20T00:00:00Z",\
            "infectiousTo":"2026-11-28T00:00:00Z","provinceCode":"01","label":"HN-2026-0001"}""")))
    public Uni<Response> open(CaseInput input) {
        return cases.open(Callers.of(identity), input)
                .map(c -> Response.created(URI.create("/api/v1/tracing/cases/" + c.id())).entity(c).build());
    }

    @GET
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "Cases of the caller's province (every province for an admin), by id; no personal data")
    public Uni<List<CaseSummary>> list(@QueryParam("status") String status, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        String s = status == null ? null : Params.enumOf(Status.class, status, "status").name();
        return cases.list(Callers.of(identity), s, Params.after(after), Params.intIn(limit, "limit", 50, 1, 500));
    }

    /** Statuses a case can be in. */
    public enum Status {
        OPEN,
        CLOSED
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "One case, with its person (audited)")
    public Uni<CaseView> get(@PathParam("id") String id, @QueryParam("purpose") String purpose) {
        return cases.get(Callers.of(identity), Params.id(id), purpose);
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "Close a case")
    public Uni<CaseView> close(@PathParam("id") String id) {
        return cases.close(Callers.of(identity), Params.id(id));
    }

    @GET
    @Path("/{id}/visits")
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "Where the case was within the infectious window (audited)",
            description = "Under every identity linked to the case person by a contact phone; linkedIdentities names them.")
    public Uni<CaseVisits> visits(@PathParam("id") String id, @QueryParam("purpose") String purpose) {
        return cases.visits(Callers.of(identity), Params.id(id), purpose);
    }

    @GET
    @Path("/{id}/contacts")
    @Produces({ MediaType.APPLICATION_JSON, "text/csv" })
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "F1 (depth=1) or F1 and F2 (depth=2) with overlap minutes and contact details (audited)",
            description = "Accept: text/csv (or format=csv) gives the same rows for spreadsheets, every cell neutralised against formulas.")
    public Uni<Response> contacts(@PathParam("id") String id, @QueryParam("depth") String depth, @QueryParam("format") String format,
            @QueryParam("purpose") String purpose, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        int d = Params.intIn(depth, "depth", 1, 1, 2);
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv") && !accept.contains("json"));
        if (format != null && !"csv".equals(format) && !"json".equals(format)) {
            throw ProblemException.invalid("format", "must be json or csv");
        }
        return cases.contacts(Callers.of(identity), Params.id(id), d, purpose).map(found -> csv
                ? Response.ok(ContactsCsv.of(found), "text/csv; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"case-" + found.caseId() + "-contacts.csv\"").build()
                : Response.ok(found, MediaType.APPLICATION_JSON).build());
    }

    @POST
    @Path("/{id}/exposure-sites")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "tracer" })
    @APIResponse(responseCode = "201", description = "published")
    @Operation(summary = "Publish exposure sites of a case", description = "Without a body: the case's visits within its infectious window. "
            + "With one: the tracer's edited list. The public feed is GET /api/v1/exposure-sites.")
    @RequestBody(required = false, content = @Content(examples = @ExampleObject(name = "edited", value = """
            {"sites":[{"venueId":1000,"from":"2026-11-21T02:00:00Z","to":"2026-11-21T03:00:00Z"}]}""")))
    public Uni<Response> publish(@PathParam("id") String id, SitesInput input) {
        return exposures.publish(Callers.of(identity), Params.id(id), input)
                .map(list -> Response.status(201).entity(new ExposureResource.Feed(list)).build());
    }
}
