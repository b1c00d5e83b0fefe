package vn.qrcheckin.gateway.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vn.qrcheckin.gateway.config.GatewayConfig;
import vn.qrcheckin.gateway.ratelimit.RateLimiter;
import vn.qrcheckin.gateway.security.AreaScope;
import vn.qrcheckin.gateway.security.WebTenant;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.Callers;

/**
 * The edge, one handler for every routed path: find the line of the route table, check the caller (OIDC has
 * already authenticated: bearer token or browser session), check its area, count it against its rate limit,
 * then hand the request to the service's reverse proxy with the headers the service may trust: the client's
 * address as X-Forwarded-For (whatever the client claimed is dropped) and, for a signed-in page, its access
 * token as a bearer token; the gateway's own session cookies stay here.
 */
@Singleton
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    /** Headers a client must not set: only the gateway says where a request came from. */
    private static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP");

    /** Where Quarkus's HTTP metrics read a request's uri tag from (the request's Vert.x context). */
    private static final String URI_TEMPLATE = "UrlPathTemplate";

    private final GatewayConfig config;
    private final RateLimiter limits;
    private final AreaScope areas;
    private final Map<String, Upstream> upstreams = new HashMap<>();

    public Gateway(GatewayConfig config, RateLimiter limits, AreaScope areas, Vertx vertx) {
        this.config = config;
        this.limits = limits;
        this.areas = areas;
        long maxBody = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        config.upstreams().forEach((name, upstream) -> upstreams.put(name, new Upstream(name, upstream, vertx, maxBody)));
        for (Route r : RouteTable.all()) {
            if (!upstreams.containsKey(r.upstream())) {
                throw new IllegalStateException("qrcheckin.gateway.upstreams." + r.upstream() + ".url is not set (route " + r.prefix() + ")");
            }
        }
    }

    void routes(@Observes Router router) {
        router.route().handler(this::handle);
    }

    void close(@Observes ShutdownEvent stop) {
        upstreams.values().forEach(Upstream::close);
    }

    /** Each service's circuit: CLOSED (called), OPEN (answered 503 here), HALF_OPEN (one call trying it again). */
    public java.util.SortedMap<String, io.vertx.circuitbreaker.CircuitBreakerState> circuits() {
        java.util.SortedMap<String, io.vertx.circuitbreaker.CircuitBreakerState> out = new java.util.TreeMap<>();
        upstreams.forEach((name, u) -> out.put(name, u.breaker.state()));
        return out;
    }

    void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String path = rc.normalizedPath();
        if (path.equals("/dashboard/logout")) {
            // The dashboard's sign-out link (report-service's own, when reached directly): here one session serves every page.
            rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, WebTenant.LOGOUT).end();
            return;
        }
        Route route = RouteTable.find(req.method().name(), path);
        if (route == null) {
            rc.next();
            return;
        }
        // The metrics' uri tag: the route's line, not the path (a token or an id per venue would be a series each).
        io.vertx.core.Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(URI_TEMPLATE, path.equals(route.prefix()) ? route.prefix() : route.template());
        }
        if (!path.equals(req.path())) {
            // Dot segments, doubled slashes, escaped plain characters: the service would read another path than the one checked here.
            Problems.send(rc, 400, "the path is not in its normal form (try " + path + ")");
            return;
        }
        securityHeaders(rc);
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        boolean signedIn = identity != null && !identity.isAnonymous();
        Caller caller = signedIn ? Callers.of(identity) : null;
        boolean session = signedIn && identity.getCredential(IdTokenCredential.class) != null;
        if (route.access() != Route.Access.PUBLIC) {
            if (!signedIn) {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                Problems.send(rc, 401, "a bearer token is needed here");
                return;
            }
            if (route.roles().stream().noneMatch(caller::is)) {
                Problems.send(rc, 403, "this needs one of the roles " + String.join(", ", route.roles().stream().sorted().toList()));
                return;
            }
            String outside = outsideArea(req, caller);
            if (outside != null) {
                Problems.send(rc, 403, "area " + outside + " is outside this account's area " + caller.area());
                return;
            }
        }
        Future<Long> counted = !signedIn ? limits.address(clientAddress(req))
                : session ? limits.user(caller.subject())
                : limits.client(caller.clientId() == null ? "unknown" : caller.clientId());
        counted.onComplete(ar -> {
            if (ar.failed()) {
                // Redis down: let the request through rather than stop every check-in; the services still limit themselves.
                LOG.debugf("rate limit not counted: %s", ar.cause().getMessage());
            } else if (ar.result() > 0) {
                rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString((ar.result() + 999) / 1000));
                Problems.send(rc, 429, "too many requests; retry after the time in Retry-After");
                return;
            }
            forward(rc, route, identity, session);
        });
    }

    private void forward(RoutingContext rc, Route route, SecurityIdentity identity, boolean session) {
        HttpServerRequest req = rc.request();
        if (rc.response().closed()) {
            return; // the caller hung up while it was counted: nothing to send on
        }
        MultiMap headers = req.headers();
        String address = clientAddress(req);
        FORWARDING.forEach(headers::remove);
        headers.set("X-Forwarded-For", address);
        headers.set("X-Forwarded-Proto", req.scheme() == null ? "http" : req.scheme());
        if (req.authority() != null) {
            headers.set("X-Forwarded-Host", req.authority().toString());
        }
        if (session) {
            // The page's session stays at the edge; the service gets the signed-in person's access token.
            AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
            if (access != null) {
                headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + access.getToken());
            }
        }
        String cookies = headers.get(HttpHeaders.COOKIE);
        if (cookies != null) {
            String kept = withoutGatewayCookies(cookies);
            if (kept.isEmpty()) {
                headers.remove(HttpHeaders.COOKIE);
            } else {
                headers.set(HttpHeaders.COOKIE, kept);
            }
        }
        upstreams.get(route.upstream()).proxy.handle(req);
    }

    /** Every {@code area} parameter must be the account's area or lie under it (accounts without an area: admins, apps, owners). */
    private String outsideArea(HttpServerRequest req, Caller caller) {
        if (caller.area() == null || caller.area().isBlank()) {
            return null;
        }
        for (String area : req.params().getAll("area")) {
            if (!area.isEmpty() && !areas.within(area, caller.area())) {
                return area;
            }
        }
        return null;
    }

    /** The client's address: the connection's, or the one a trusted load balancer in front named (quarkus.http.proxy.*). */
    static String clientAddress(HttpServerRequest req) {
        return req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    }

    /** The OIDC cookies of the gateway's web sign-in (session, state, PKCE) are the gateway's, not the services'. */
    static String withoutGatewayCookies(String header) {
        StringBuilder kept = new StringBuilder();
        for (String part : header.split(";")) {
            String c = part.strip();
            if (c.isEmpty() || c.startsWith("q_session") || c.startsWith("q_auth") || c.startsWith("q_pkce")) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append("; ");
            }
            kept.append(c);
        }
        return kept.toString();
    }

    /** Set on answers that did not set their own (a service's page may have a stricter or a looser policy). */
    private void securityHeaders(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        GatewayConfig.Headers h = config.headers();
        rc.addHeadersEndHandler(v -> {
            MultiMap out = response.headers();
            if (!out.contains("Strict-Transport-Security")) {
                out.set("Strict-Transport-Security", h.hsts());
            }
            if (!out.contains("Content-Security-Policy")) {
                out.set("Content-Security-Policy", h.defaultCsp());
            }
            if (!out.contains("X-Frame-Options")) {
                out.set("X-Frame-Options", "DENY");
            }
            if (!out.contains("Referrer-Policy")) {
                out.set("Referrer-Policy", "no-referrer");
            }
            // Set, not added: HttpEdge's and the service's own would otherwise both be there.
            out.set("X-Content-Type-Options", "nosniff");
        });
    }
}
