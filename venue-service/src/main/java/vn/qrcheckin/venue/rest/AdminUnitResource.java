package vn.qrcheckin.venue.rest;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import vn.qrcheckin.web.Params;
import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.venue.domain.AdminUnit;
import vn.qrcheckin.venue.service.AdminUnitDirectory;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/admin-units")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administrative units", description = "Provinces, districts and communes with their GSO codes (public)")
@PermitAll
public class AdminUnitResource {

    public record UnitView(String code, String name, String type, AdminLevel level, String parentCode) {
        static UnitView of(AdminUnit u) {
            return new UnitView(u.code(), u.name(), u.type(), u.level(), u.parentCode());
        }
    }

    public record UnitDetail(String code, String name, String type, AdminLevel level, String parentCode, List<UnitView> path,
            int children) {
    }

    private final AdminUnitDirectory units;

    public AdminUnitResource(AdminUnitDirectory units) {
        this.units = units;
    }

    @GET
    @Operation(summary = "Search administrative units", description = "Filters combine. q ignores diacritics and case: "
            + "\"mo lao\" finds \"Phường Mộ Lao\".")
    public List<UnitView> search(
            @Parameter(description = "children of this code", example = "268") @QueryParam("parent") String parent,
            @Parameter(description = "PROVINCE, DISTRICT or COMMUNE", example = "COMMUNE") @QueryParam("level") String level,
            @Parameter(description = "name, without diacritics if you like", example = "mo lao") @QueryParam("q") String q,
            @Parameter(description = "1 to 1000, default 100") @QueryParam("limit") String limit) {
        String parentCode = Params.code(parent);
        if (parentCode != null && units.find(parentCode).isEmpty()) {
            throw ProblemException.invalid("parent", "unknown code " + parentCode);
        }
        return units.search(parentCode, Params.enumOf(AdminLevel.class, level, "level"), q, Params.intIn(limit, "limit", 100, 1, 1000))
                .stream().map(UnitView::of).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "One administrative unit with its path from the province")
    public UnitDetail get(@Parameter(example = "09541") @PathParam("code") String code) {
        AdminUnit u = units.find(code).orElseThrow(() -> ProblemException.notFound("administrative unit " + code));
        return new UnitDetail(u.code(), u.name(), u.type(), u.level(), u.parentCode(),
                units.path(u).stream().map(UnitView::of).toList(), units.childCount(u.code()));
    }
}
