package vn.qrcheckin.report.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.report.domain.Area;
import vn.qrcheckin.report.service.ReportService;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.StaffPages;
import vn.qrcheckin.web.Callers;

/**
 * The operations dashboard: one page that starts at the signed-in official's area (the nation for an admin) and reads
 * the figures from the report API with its session, so it sees exactly what the API lets that official see. Signed
 * in with the authorization-code flow ({@link DashboardTenant}); signed out at {@code /dashboard/logout}.
 */
@Path("/dashboard")
@RolesAllowed({ Caller.ADMIN, Caller.OPERATOR })
public class DashboardResource {

    /**
     * Scripts, styles and the API from this service only (the chart library is served from its webjar, no CDN); no
     * other site may frame the page; nothing inline runs.
     */

    /** Where the webjar puts Chart.js, with the version read from the webjar itself (one place: the pom). */
    static final String CHART_JS = "/webjars/chart.js/" + webjarVersion("chart.js") + "/dist/chart.umd.js";

    private final ReportService reports;
    private final SecurityIdentity identity;
    private final Template dashboard;

    public DashboardResource(ReportService reports, SecurityIdentity identity, Template dashboard) {
        this.reports = reports;
        this.identity = identity;
        this.dashboard = dashboard;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        Caller caller = Callers.of(identity);
        // An operator starts at (and cannot leave) its area; the service refuses an operator without one.
        Area start = reports.area(caller, caller.is(Caller.ADMIN) ? null : caller.area());
        String html = dashboard.data("area", start.ref()).data("today", Days.today().toString()).data("chartJs", CHART_JS)
                .data("admin", caller.is(Caller.ADMIN)).render();
        return StaffPages.html(html);
    }

    private static String webjarVersion(String artifact) {
        try (InputStream in = DashboardResource.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the webjar " + artifact + " is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
