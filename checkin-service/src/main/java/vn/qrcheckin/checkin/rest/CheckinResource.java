package vn.qrcheckin.checkin.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.checkin.domain.CheckinRequest;
import vn.qrcheckin.checkin.service.CheckinService;
import vn.qrcheckin.checkin.service.CheckinService.Accepted;
import vn.qrcheckin.checkin.service.CheckinService.BatchAnswer;
import vn.qrcheckin.checkin.service.CheckinService.Source;
import vn.qrcheckin.checkin.service.CheckinService.VenueRule;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/checkins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Check-ins", description = "National apps submit scans (OAuth2 client credentials, role app)")
public class CheckinResource {

    public record Batch(List<CheckinRequest> items) {
    }

    static final String EXAMPLE = """
            {"id":"a4c1f0e2-77b3-4d7e-9b0b-2a1f9e3c5d10","qr":"https://qr.example.gov.vn/q/AQAAAAAAAAPo...",\
            "person":{"idType":"PHONE","number":"0912345678","name":"Nguyễn Văn An"},"direction":"IN",\
            "declaration":{"fever":false,"cough":false,"breathingDifficulty":false}}""";

    private final CheckinService checkins;
    private final SecurityIdentity identity;
    private final CheckinConfig config;

    public CheckinResource(CheckinService checkins, SecurityIdentity identity, CheckinConfig config) {
        this.checkins = checkins;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @RolesAllowed("app")
    @Operation(summary = "Submit one check-in", description = "202 once the check-in is in the stream. The same id again is the "
            + "same check-in: the answer repeats the first one. The channel is the app's, from its OAuth2 client.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "phone user", value = EXAMPLE)))
    @APIResponse(responseCode = "202", description = "accepted (appended, or already accepted under this id)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "a field is invalid, or the QR code is forged or altered")
    @APIResponse(responseCode = "503", description = "consumers are behind: retry after the Retry-After seconds")
    @ResponseStatus(202)
    public CompletionStage<String> submit(CheckinRequest request) {
        return checkins.submitNow(appSource(), request).thenApply(Accepted::toJson);
    }

    @POST
    @Path("/batch")
    @RolesAllowed("app")
    @Operation(summary = "Submit up to 500 check-ins (an app's offline queue)", description = "A result per item, in order; "
            + "valid items are accepted whatever the others.")
    public Uni<BatchAnswer> batch(Batch batch) {
        if (batch == null) {
            throw ProblemException.invalid("items", "must hold at least one check-in");
        }
        return checkins.submitBatch(appSource(), "items", batch.items());
    }

    private Source appSource() {
        Caller caller = Callers.of(identity);
        Channel channel = caller.clientId() == null ? null : config.appChannels().get(caller.clientId());
        if (channel == null) {
            throw ProblemException.forbidden("client " + caller.clientId() + " is not a registered national app");
        }
        return new Source(channel, caller.clientId(), VenueRule.ANY);
    }
}
