package vn.qrcheckin.tracing.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.tracing.service.ExposureService;
import vn.qrcheckin.tracing.service.ExposureService.PublicSite;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/exposure-sites")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exposure sites", description = "Venues and times a case was there, published for the apps; no personal data")
public class ExposureResource {

    /** The public feed's answer. */
    public record Feed(List<PublicSite> items) {
    }

    private final ExposureService exposures;

    public ExposureResource(ExposureService exposures) {
        this.exposures = exposures;
    }

    @GET
    @PermitAll
    @Operation(summary = "The public feed of exposure sites", description = "Sites published after since (default: within the retention), "
            + "oldest first; ETag and Cache-Control for polling apps.")
    @APIResponse(responseCode = "200", description = "the sites")
    @APIResponse(responseCode = "304", description = "unchanged since the ETag sent in If-None-Match")
    public Uni<Response> feed(@QueryParam("since") String since, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Instant from = since == null ? null : instant(since);
        return exposures.feed(from).map(list -> {
            String etag = "\"" + etag(list) + "\"";
            if (etag.equals(ifNoneMatch)) {
                return Response.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "public, max-age=60").build();
            }
            return Response.ok(new Feed(list)).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "public, max-age=60").build();
        });
    }

    private static Instant instant(String raw) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("since", "must be an instant such as 2026-11-21T00:00:00Z");
        }
    }

    private static String etag(List<PublicSite> list) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PublicSite s : list) {
                sha.update((s.id() + "|" + s.publishedAt() + ";").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
