package vn.qrcheckin.venue.web;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.security.identity.SecurityIdentity;
import vn.qrcheckin.venue.domain.AdminUnit;
import vn.qrcheckin.venue.domain.Violation;
import vn.qrcheckin.venue.service.AdminUnitDirectory;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.StaffPages;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.ProblemException;

/**
 * The inspectors' screen: one page that finds the venues of the signed-in inspector's area and records inspections,
 * reminders, suspensions and reinstatements through this service's own REST API, so it can do exactly what the API
 * lets that inspector do. Signed in at the gateway (code flow, session there), which relays the access token here as a
 * bearer token: this service only ever sees bearer tokens. Its script and styles are static files under
 * {@code /inspector/assets/} (public; the gateway routes them without a session).
 */
@Path("/inspector")
@RolesAllowed({ Caller.INSPECTOR, Caller.ADMIN })
public class InspectorResource {


    /** A kind of violation as the page offers it: the API's name, and what an inspector reads. */
    @TemplateData
    public record Kind(String code, String vi, String en) {
    }

    /** The kinds of violation the inspection API takes, in its order (the page offers exactly these). */
    static final List<Kind> VIOLATIONS = Arrays.stream(Violation.values()).map(InspectorResource::kind).toList();

    private static Kind kind(Violation v) {
        return switch (v) {
            case NO_QR -> new Kind(v.name(), "Không niêm yết mã QR", "No QR code displayed");
            case WRONG_TEMPLATE -> new Kind(v.name(), "Mã QR không đúng mẫu chính thức", "QR not on the official template");
            case NOT_ENFORCING_SCAN -> new Kind(v.name(), "Không yêu cầu khách quét mã", "Customers not made to scan");
            case OTHER -> new Kind(v.name(), "Vi phạm khác", "Other");
        };
    }

    private final SecurityIdentity identity;
    private final AdminUnitDirectory units;
    private final Template inspector;

    public InspectorResource(SecurityIdentity identity, AdminUnitDirectory units, Template inspector) {
        this.identity = identity;
        this.units = units;
        this.inspector = inspector;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        Caller caller = Callers.of(identity);
        boolean admin = caller.is(Caller.ADMIN);
        String code = "";
        String name = "Toàn quốc";
        if (!admin) {
            // An inspector works in the area of its token; the API would refuse every call of one without an area.
            if (caller.area() == null) {
                throw ProblemException.forbidden("your token names no area");
            }
            AdminUnit area = units.find(caller.area())
                    .orElseThrow(() -> ProblemException.forbidden("your token names an unknown area " + caller.area()));
            code = area.code();
            name = area.name();
        }
        String html = inspector.data("areaCode", code).data("areaName", name).data("admin", admin)
                .data("who", caller.name() == null ? "" : caller.name()).data("violations", VIOLATIONS).render();
        return StaffPages.html(html);
    }
}
