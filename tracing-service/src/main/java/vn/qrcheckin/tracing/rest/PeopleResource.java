package vn.qrcheckin.tracing.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.tracing.service.PeopleService;
import vn.qrcheckin.tracing.service.PeopleService.Access;
import vn.qrcheckin.tracing.service.PeopleService.AccessInput;
import vn.qrcheckin.tracing.service.PeopleService.PersonVisit;
import vn.qrcheckin.tracing.service.PeopleService.PersonVisitsInput;
import vn.qrcheckin.tracing.service.PeopleService.Visitor;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/tracing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "People", description = "Who was at a venue, where a person went (audited); a citizen's own access log")
public class PeopleResource {

    private final PeopleService people;
    private final SecurityIdentity identity;

    public PeopleResource(PeopleService people, SecurityIdentity identity) {
        this.people = people;
        this.identity = identity;
    }

    @GET
    @Path("/venues/{id}/visitors")
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "Who was at a venue between from and to (audited)")
    public Uni<List<Visitor>> visitors(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("purpose") String purpose) {
        return people.visitors(Callers.of(identity), Params.id(id), instant(from, "from"), instant(to, "to"), purpose);
    }

    @POST
    @Path("/people/visits")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "tracer" })
    @Operation(summary = "Where a person went (the person in the body: personal data never goes in a URL; audited)")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "person", value = """
            {"person":{"idType":"PHONE","number":"0912345678"},"from":"2026-11-20T00:00:00Z","to":"2026-11-28T00:00:00Z"}""")))
    public Uni<List<PersonVisit>> personVisits(PersonVisitsInput input, @QueryParam("purpose") String purpose) {
        return people.personVisits(Callers.of(identity), input, purpose);
    }

    @POST
    @Path("/access-log")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("app")
    @Operation(summary = "When a citizen's data appeared in a tracer's answer, and for which province's case (no tracer names)",
            description = "Called by a national app on behalf of its signed-in citizen.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "person", value = """
            {"person":{"idType":"PHONE","number":"0912345678"}}""")))
    public Uni<List<Access>> accessLog(AccessInput input) {
        return people.accessLog(input);
    }

    private static Instant instant(String raw, String name) {
        if (raw == null) {
            throw ProblemException.invalid(name, "is required: an instant such as 2026-11-21T00:00:00Z");
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an instant such as 2026-11-21T00:00:00Z");
        }
    }
}
