package vn.qrcheckin.tracing.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.tracing.repository.AuditRepository;
import vn.qrcheckin.web.Params;

@Path("/api/v1/tracing/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Every answer that revealed personal data: who, role, when, case, purpose, how many people")
public class AuditResource {

    /** An entry as shown: without the pseudonyms of the people (they serve the citizens' access log only). */
    public record AuditView(long id, java.time.Instant at, String actor, String role, String action, Long caseId, String provinceCode,
            String purpose, int people) {
    }

    private final AuditRepository audit;

    public AuditResource(AuditRepository audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed("admin")
    @Operation(summary = "The audit log, oldest first (keyset: after = the last id seen)")
    public Uni<List<AuditView>> list(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        return audit.list(Params.after(after), Params.intIn(limit, "limit", 100, 1, 1000)).map(l -> l.stream()
                .map(e -> new AuditView(e.id(), e.at(), e.actor(), e.role(), e.action(), e.caseId(), e.provinceCode(), e.purpose(), e.people()))
                .toList());
    }
}
