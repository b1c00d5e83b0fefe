package vn.qrcheckin.venue.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.venue.domain.Inspection;
import vn.qrcheckin.venue.service.InspectionInput;
import vn.qrcheckin.venue.service.InspectionService;
import vn.qrcheckin.venue.service.InspectionService.ReminderView;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.venue.service.VenueEvents;

@Path("/api/v1/venues/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inspections", description = "Inspections, reminders and fines")
public class InspectionResource {

    public record ReminderRequest(String note) {
    }

    public record InspectionView(long id, long venueId, java.time.Instant inspectedAt, String inspectorName, String result,
            List<String> violations, long fineVnd, String note) {
        static InspectionView of(Inspection i) {
            return new InspectionView(i.id, i.venueId, i.inspectedAt, i.inspectorName, i.result.name(),
                    i.violations == null || i.violations.isEmpty() ? List.of() : List.of(i.violations.split(",")), i.fineVnd, i.note);
        }
    }

    private final InspectionService inspections;
    private final VenueEvents events;
    private final SecurityIdentity identity;

    public InspectionResource(InspectionService inspections, VenueEvents events, SecurityIdentity identity) {
        this.inspections = inspections;
        this.events = events;
        this.identity = identity;
    }

    @POST
    @Path("/inspections")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "inspector" })
    @APIResponse(responseCode = "201", description = "recorded")
    @Operation(summary = "Record an inspection", description = "A compliant inspection clears outstanding reminders.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "violation", value = """
            {"inspectedAt":"2021-10-05T02:30:00Z","inspectorName":"Trần Thị Bình","violations":["NOT_ENFORCING_SCAN"],\
            "fineVnd":7500000,"note":"Không yêu cầu khách quét mã"}""")))
    public Uni<Response> inspect(@PathParam("id") String id, InspectionInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        long venueId = Params.id(id);
        return events.afterCommit(inspections.inspect(Callers.of(identity), venueId, input))
                .map(i -> Response.created(URI.create("/api/v1/venues/" + venueId + "/inspections/" + i.id))
                        .entity(InspectionView.of(i)).build());
    }

    @GET
    @Path("/inspections")
    @RolesAllowed({ "admin", "operator", "inspector", "venue-owner" })
    @Operation(summary = "Inspection history of a venue, newest first")
    public Uni<List<InspectionView>> history(@PathParam("id") String id) {
        return inspections.history(Callers.of(identity), Params.id(id)).map(l -> l.stream().map(InspectionView::of).toList());
    }

    @POST
    @Path("/reminders")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "operator", "inspector" })
    @APIResponse(responseCode = "201", description = "sent; how many are outstanding and whether the venue is now flagged")
    @Operation(summary = "Send a reminder", description = "The third reminder without a compliant inspection in between flags "
            + "the venue for suspension.")
    @RequestBody(required = false,
            description = "optional: a note for the venue")
    public Uni<Response> remind(@PathParam("id") String id, ReminderRequest request) {
        long venueId = Params.id(id);
        return events.afterCommit(inspections.remind(Callers.of(identity), venueId, request == null ? null : request.note()))
                .map((ReminderView r) -> Response.status(201).entity(r).build());
    }
}
