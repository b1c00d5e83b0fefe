package vn.qrcheckin.gateway.proxy;

import static vn.qrcheckin.gateway.proxy.Route.Access.API;
import static vn.qrcheckin.gateway.proxy.Route.Access.PAGE;
import static vn.qrcheckin.gateway.proxy.Route.Access.PUBLIC;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import vn.qrcheckin.web.Caller;

/**
 * The one public surface (DESIGN.md, "Routes"): which service answers which prefix, and the roles the edge
 * asks for before a request reaches it. The services check roles and area again themselves; the edge keeps
 * everyone without a business there away from them (and from their CPU). Lines are tried in order: the
 * public exceptions inside a protected prefix come first. Nothing else is routed: venue-service's
 * {@code /api/v1/internal} snapshot, for one, is for the services only.
 */
public final class RouteTable {

    public static final String VENUE = "venue";
    public static final String CHECKIN = "checkin";
    public static final String TRACING = "tracing";
    public static final String REPORT = "report";

    private static final Set<String> ANY = Set.of();
    private static final Set<String> READ = Set.of("GET", "HEAD");

    private static final List<Route> ROUTES = List.of(
            // venue-service
            pub("/api/v1/public/", VENUE),
            pub("/api/v1/admin-units", VENUE),
            api("/api/v1/qr-keys/rotate", VENUE, Caller.ADMIN),
            pub("/api/v1/qr-keys", VENUE),
            // A venue's QR and poster are printed and shared: public, as venue-service serves them.
            new Route("/api/v1/venues", Pattern.compile("/api/v1/venues/\\d+/(qr\\.png|qr\\.svg|poster\\.pdf)"), READ, VENUE, PUBLIC, ANY),
            api("/api/v1/venues", VENUE, Caller.ADMIN, Caller.OPERATOR, Caller.INSPECTOR, Caller.VENUE_OWNER),
            // The inspectors' screen (venue-service): inspections, reminders, suspensions in their area.
            pub("/inspector/assets/", VENUE),
            new Route("/inspector", null, ANY, VENUE, PAGE, Set.of(Caller.ADMIN, Caller.INSPECTOR)),
            // checkin-service
            api("/api/v1/checkins", CHECKIN, Caller.APP),
            api("/api/v1/scans", CHECKIN, Caller.VENUE_OWNER, Caller.ADMIN),
            api("/api/v1/logbook", CHECKIN, Caller.VENUE_OWNER, Caller.OPERATOR, Caller.ADMIN),
            api("/api/v1/person-cards", CHECKIN, Caller.OPERATOR, Caller.ADMIN),
            // A poster's QR opens /q/<token>: the web check-in page (the gateway's own /q/health, /q/openapi, ... come first).
            new Route("/q/", Pattern.compile("/q/(?!(health|metrics|openapi|swagger-ui|dev|dev-ui)$)[^/]+"), ANY, CHECKIN, PUBLIC, ANY),
            // tracing-service (apps read their own access log under it)
            api("/api/v1/tracing/", TRACING, Caller.ADMIN, Caller.TRACER, Caller.APP),
            pub("/api/v1/exposure-sites", TRACING),
            // The tracers' screen (tracing-service): a case, its visits, F1/F2, the CSV, publishing exposure sites.
            pub("/tracer/assets/", TRACING),
            new Route("/tracer", null, ANY, TRACING, PAGE, Set.of(Caller.ADMIN, Caller.TRACER)),
            // report-service
            api("/api/v1/reports/", REPORT, Caller.ADMIN, Caller.OPERATOR),
            pub("/dashboard/assets/", REPORT),
            new Route("/dashboard", null, ANY, REPORT, PAGE, Set.of(Caller.ADMIN, Caller.OPERATOR)));

    private RouteTable() {
    }

    /** The line for a request, or null when the gateway routes nothing there (404). */
    public static Route find(String method, String path) {
        for (Route r : ROUTES) {
            if (r.covers(method, path)) {
                return r;
            }
        }
        return null;
    }

    public static List<Route> all() {
        return ROUTES;
    }

    private static Route pub(String prefix, String upstream) {
        return new Route(prefix, null, ANY, upstream, PUBLIC, ANY);
    }

    private static Route api(String prefix, String upstream, String... roles) {
        return new Route(prefix, null, ANY, upstream, API, Set.of(roles));
    }
}
