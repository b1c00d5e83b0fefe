package vn.qrcheckin.checkin.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.checkin.service.PersonCardService;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/person-cards")
@Tag(name = "Personal QR cards", description = "Printable codes for people without a smartphone")
public class PersonCardResource {

    public record Card(String content) {
    }

    private final PersonCardService cards;

    public PersonCardResource(PersonCardService cards) {
        this.cards = cards;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, "image/png", "application/pdf" })
    @RolesAllowed({ "operator", "admin" })
    @Blocking
    @APIResponse(responseCode = "201", description = "issued: the content (json), or the card as PNG or PDF")
    @Operation(summary = "Issue a personal QR card", description = "format=json (default: the code's content), png (5 cm at "
            + "300 dpi) or pdf (A4 with the code exactly 5 × 5 cm). The code carries no plaintext personal data.")
    public Response issue(Person person, @QueryParam("format") String format) {
        if (person == null) {
            throw ProblemException.invalid("body", "a person is required");
        }
        String content = cards.issue(person);
        String f = format == null ? "json" : format.strip().toLowerCase();
        return switch (f) {
            case "json" -> Response.status(201).type(MediaType.APPLICATION_JSON).entity(new Card(content)).build();
            case "png" -> Response.status(201).type("image/png").entity(cards.png(content)).build();
            case "pdf" -> Response.status(201).type("application/pdf").entity(cards.pdf(content)).build();
            default -> throw ProblemException.invalid("format", "must be json, png or pdf");
        };
    }
}
