package vn.qrcheckin.checkin.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import vn.qrcheckin.checkin.domain.CheckinRequest;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.checkin.domain.ScannedCard;
import vn.qrcheckin.checkin.service.CheckinService;
import vn.qrcheckin.checkin.service.CheckinService.Source;
import vn.qrcheckin.checkin.service.PersonCardService;
import vn.qrcheckin.checkin.service.VenueRules;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/scans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Venue scanner", description = "A venue's device scans a citizen's chip ID card, insurance card or personal QR")
public class ScanResource {

    public record ScanRequest(String id, Long venueId, String raw, Direction direction, Instant occurredAt, Declaration declaration) {
    }

    private final CheckinService checkins;
    private final PersonCardService cards;
    private final VenueRules rules;
    private final SecurityIdentity identity;

    public ScanResource(CheckinService checkins, PersonCardService cards, VenueRules rules, SecurityIdentity identity) {
        this.checkins = checkins;
        this.cards = cards;
        this.rules = rules;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({ "venue-owner", "admin" })
    @APIResponse(responseCode = "202", description = "accepted (durably appended), or a repeat of an accepted id")
    @Operation(summary = "Record what the venue's scanner read", description = "raw: the content of a CCCD chip card QR "
            + "(id|old id|name|ddMMyyyy|sex|address|ddMMyyyy), a BHYT card QR, or a personal QR card. Own venues only.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "CCCD", value = """
            {"id":"scan-0001-20211005","venueId":1000,"raw":"001094012345|123456789|Nguyễn Văn An|01011994|Nam|\
            Số 1 Tô Hiệu, Hà Đông, Hà Nội|15042021","direction":"IN"}""")))
    public Uni<Response> scan(ScanRequest scan) {
        if (scan == null) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        if (scan.venueId() == null) {
            throw ProblemException.invalid("venueId", "is required");
        }
        Person person = cards.read(scan.raw()).or(() -> ScannedCard.parse(scan.raw()))
                .orElseThrow(() -> ProblemException.invalid(List.of(new FieldError("raw",
                        "is not a chip ID card, health-insurance card or personal QR code"))));
        CheckinRequest request = new CheckinRequest(scan.id(), null, scan.venueId(), person, scan.direction(), scan.occurredAt(),
                scan.declaration());
        Source source = new Source(Channel.VENUE_SCANNER, null, rules.ownVenue(Callers.of(identity)));
        return checkins.submit(source, request).map(a -> Response.accepted(a).build());
    }
}
