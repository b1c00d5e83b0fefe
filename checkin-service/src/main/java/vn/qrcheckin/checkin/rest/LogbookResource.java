package vn.qrcheckin.checkin.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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

    /** A row without a time is of the day it is typed in, a day as every report counts days. */
    static final ZoneId DAYS = ZoneId.of("Asia/Ho_Chi_Minh");

    private final CheckinService checkins;
    private final VenueRules rules;
    private final IdentityProtector identity;
    private final SecurityIdentity caller;
    private final Clock clock;

    public LogbookResource(CheckinService checkins, VenueRules rules, IdentityProtector identity, SecurityIdentity caller, Clock clock) {
        this.checkins = checkins;
        this.rules = rules;
        this.identity = identity;
        this.caller = caller;
        this.clock = clock;
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
        // Milliseconds, as the check-in path keeps them; one instant for the whole page.
        Instant now = Instant.ofEpochMilli(clock.millis());
        List<CheckinRequest> items = new ArrayList<>(page.rows().size());
        for (LogbookRow row : page.rows()) {
            items.add(row == null ? null
                    : new CheckinRequest(row.id() != null ? row.id() : contentId(page.venueId(), row, now), null, page.venueId(), row.person(),
                            row.direction(), row.occurredAt() != null ? row.occurredAt() : now, row.declaration()));
        }
        return checkins.submitBatch(new Source(Channel.LOGBOOK, null, rule), "rows", items);
    }

    /**
     * A stable id from what the row means, so the same row typed twice is one check-in: the person as their
     * pseudonym (0911 000 111 and 0911000111 are one person), the direction (none is IN), and the instant,
     * or for a row without a time the day it is typed in (a person at the same venue on two days is two
     * check-ins). Keyed, so it reveals nothing.
     */
    String contentId(long venueId, LogbookRow row, Instant now) {
        Person p = row.person();
        // An invalid number is refused with its row; its id need only be stable.
        String who = p == null ? "" : identity.pseudonym(p, null).orElseGet(() -> "invalid|" + p.idType() + "|" + p.number());
        String when = row.occurredAt() != null ? "at|" + row.occurredAt() : "day|" + LocalDate.ofInstant(now, DAYS);
        return "lb-" + identity.stableId(Long.toString(venueId), who, (row.direction() == null ? Direction.IN : row.direction()).name(), when);
    }
}
