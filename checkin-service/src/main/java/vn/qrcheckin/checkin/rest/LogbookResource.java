package vn.qrcheckin.checkin.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.checkin.domain.CheckinRequest;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.checkin.service.CheckinService;
import vn.qrcheckin.checkin.service.CheckinService.BatchAnswer;
import vn.qrcheckin.checkin.service.CheckinService.Source;
import vn.qrcheckin.checkin.service.CheckinService.VenueRule;
import vn.qrcheckin.checkin.service.IdentityProtector;
import vn.qrcheckin.checkin.service.VenueRules;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/logbook")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Paper logbook", description = "Rows of a venue's paper logbook, typed in by the venue or an operator")
public class LogbookResource {

    public record LogbookRow(String id, Person person, Direction direction, Instant occurredAt, Declaration declaration) {
    }

    public record LogbookPage(Long venueId, List<LogbookRow> rows) {
    }

    private final CheckinService checkins;
    private final VenueRules rules;
    private final IdentityProtector identity;
    private final SecurityIdentity caller;

    public LogbookResource(CheckinService checkins, VenueRules rules, IdentityProtector identity, SecurityIdentity caller) {
        this.checkins = checkins;
        this.rules = rules;
        this.identity = identity;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ "venue-owner", "operator", "admin" })
    @APIResponse(responseCode = "200", description = "a result per row, in order")
    @APIResponse(responseCode = "404", description = "the venue is not known")
    @Operation(summary = "Enter logbook rows", description = "One or many rows of one venue; a result per row. A row without an "
            + "id gets one derived from its content, so typing in the same page twice records it once.")
    public Uni<BatchAnswer> enter(LogbookPage page) {
        if (page == null || page.venueId() == null) {
            throw ProblemException.invalid("venueId", "is required");
        }
        if (page.rows() == null || page.rows().isEmpty()) {
            throw ProblemException.invalid("rows", "must hold at least one row");
        }
        // A page is of one venue: an unknown venue or one outside the caller's reach is refused whole.
        VenueRule rule = rules.requireLogbook(Callers.of(caller), page.venueId());
        List<CheckinRequest> items = new ArrayList<>(page.rows().size());
        for (LogbookRow row : page.rows()) {
            items.add(row == null ? null
                    : new CheckinRequest(row.id() != null ? row.id() : contentId(page.venueId(), row), null, page.venueId(), row.person(),
                            row.direction(), row.occurredAt(), row.declaration()));
        }
        return checkins.submitBatch(new Source(Channel.LOGBOOK, null, rule), "rows", items);
    }

    /** A stable id from what the row says: the same row typed twice is one check-in. Keyed, so it reveals nothing. */
    private String contentId(long venueId, LogbookRow row) {
        return "lb-" + identity.stableId(Long.toString(venueId), row.person() == null ? "" : row.person().idType() + "|" + row.person().number(),
                String.valueOf(row.direction()), String.valueOf(row.occurredAt()));
    }
}
