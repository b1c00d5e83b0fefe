package vn.qrcheckin.venue.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.qr.Ed25519Keys;
import vn.qrcheckin.venue.service.QrKeyService;
import vn.qrcheckin.venue.service.QrKeyService.PublishedKey;

@Path("/api/v1/qr-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "QR keys", description = "Keys that verify venue QR tokens offline (JWK, RFC 8037)")
public class QrKeyResource {

    private final QrKeyService keys;

    public QrKeyResource(QrKeyService keys) {
        this.keys = keys;
    }

    @GET
    @PermitAll
    @Operation(summary = "The verification keys as a JWK set", description = "Every key that signed a code still in use, "
            + "the active one included. Apps cache the set and refresh it on an unknown kid.")
    public Response jwks() {
        List<Map<String, Object>> jwks = keys.published().stream()
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                .map(QrKeyResource::jwk)
                .toList();
        return Response.ok(Map.of("keys", jwks)).header("Cache-Control", "public, max-age=300").build();
    }

    @POST
    @Path("/rotate")
    @RolesAllowed("admin")
    @Operation(summary = "Start signing with a new key", description = "Codes signed by earlier keys stay valid.")
    public Uni<Map<String, Object>> rotate() {
        return keys.rotate().map(QrKeyResource::jwk);
    }

    private static Map<String, Object> jwk(PublishedKey k) {
        Map<String, Object> jwk = new LinkedHashMap<>(Ed25519Keys.toJwk(k.kid(), k.publicKey()));
        jwk.put("status", k.active() ? "active" : "retired");
        jwk.put("iat", k.createdAt().getEpochSecond());
        if (k.retiredAt() != null) {
            jwk.put("retired_at", k.retiredAt().getEpochSecond());
        }
        return jwk;
    }
}
