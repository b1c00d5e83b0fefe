package vn.qrcheckin.tracing.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.contracts.units.AdminUnitCsv;
import vn.qrcheckin.contracts.units.AdminUnitRow;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.StaffPages;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.ProblemException;

/**
 * The tracers' screen: one page that opens a case (or finds one by id), shows its visits, F1 and F2, downloads the
 * contacts CSV and publishes the exposure sites, all through this service's own tracing API with the caller's token.
 * It is reached through the gateway, which signs staff in (code flow) and relays their access token as a bearer
 * token: this service has no sign-in of its own, so a caller without a token meets a 401 problem, a caller of another
 * role a 403. The page's address carries no personal data; look-ups by person are the API's POSTs.
 */
@Path("/tracer")
@RolesAllowed({ Caller.ADMIN, Caller.TRACER })
public class TracerResource {


    /** A province as the page offers it. */
    public record Province(String code, String name) {
    }

    private final SecurityIdentity identity;
    private final Template tracer;
    private final Map<String, String> provinces;

    public TracerResource(SecurityIdentity identity, Template tracer, TracingConfig config) {
        this.identity = identity;
        this.tracer = tracer;
        this.provinces = provinces(config.tracing().adminUnits());
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        Caller caller = Callers.of(identity);
        boolean admin = caller.is(Caller.ADMIN);
        List<Province> choices;
        String areaName;
        if (admin) {
            choices = provinces.entrySet().stream().map(e -> new Province(e.getKey(), e.getValue())).toList();
            areaName = "Toàn quốc";
        } else {
            // A tracer works for the province in their token, as the API checks on every call.
            String area = caller.area();
            if (area == null || area.length() < 2) {
                throw ProblemException.forbidden("the token names no province (claim \"area\")");
            }
            String code = area.substring(0, 2);
            areaName = provinces.getOrDefault(code, code);
            choices = List.of(new Province(code, areaName));
        }
        String who = caller.name() != null ? caller.name() : caller.subject();
        String html = tracer.data("areaName", areaName).data("provinces", choices).data("admin", admin).data("who", who).render();
        return StaffPages.html(html);
    }

    private static Map<String, String> provinces(String resource) {
        try {
            Map<String, String> byCode = new TreeMap<>();
            for (AdminUnitRow row : AdminUnitCsv.load(resource)) {
                if (row.level() == AdminLevel.PROVINCE) {
                    byCode.put(row.code(), row.name());
                }
            }
            return java.util.Collections.unmodifiableMap(byCode);
        } catch (IOException e) {
            throw new UncheckedIOException("the administrative units " + resource + " cannot be read", e);
        }
    }
}
