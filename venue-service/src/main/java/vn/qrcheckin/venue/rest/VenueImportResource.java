package vn.qrcheckin.venue.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.venue.service.VenueImportService;
import vn.qrcheckin.venue.service.VenueImportService.ImportReport;
import vn.qrcheckin.venue.service.VenueImportService.Mode;

@Path("/api/v1/venues/imports")
@Tag(name = "Venues")
public class VenueImportResource {

    private final VenueImportService imports;
    private final SecurityIdentity identity;

    public VenueImportResource(VenueImportService imports, SecurityIdentity identity) {
        this.imports = imports;
        this.identity = identity;
    }

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM })
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "admin", "operator", "venue-owner" })
    @Operation(summary = "Register many venues from a UTF-8 CSV", description = """
            Columns: name,type,address,commune_code,owner_name,owner_phone[,latitude,longitude]. \
            mode=skip-invalid (default): every valid row is registered, every invalid row is skipped and reported \
            with its line number and fields (200). mode=all-or-nothing: one invalid row rejects the file (422) and \
            nothing is stored. A file that is not UTF-8, too large, or lacks the header is refused whole (400/413).""")
    @RequestBody(content = @Content(mediaType = "text/csv", examples = @ExampleObject(name = "two branches", value = """
            name,type,address,commune_code,owner_name,owner_phone
            Nhà thuốc Long Châu 1,PHARMACY,12 Quang Trung,09541,Nguyễn Văn An,0912345678
            Nhà thuốc Long Châu 2,PHARMACY,5 Lê Lợi,00001,Nguyễn Văn An,0912345678""")))
    public Uni<ImportReport> importCsv(byte[] body,
            @Parameter(description = "skip-invalid (default) or all-or-nothing") @QueryParam("mode") String mode) {
        Mode m = Params.enumOf(Mode.class, mode == null ? null : mode.replace("skip-invalid", "SKIP_INVALID"), "mode");
        return imports.importCsv(Callers.of(identity), body, m == null ? Mode.SKIP_INVALID : m);
    }
}
