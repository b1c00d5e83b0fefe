package vn.qrcheckin.report.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Which OIDC tenant checks a request. The dashboard's pages sign staff in with the authorization-code flow and a
 * session cookie (tenant {@value #TENANT}); the API stays bearer-only (the default tenant), except that the
 * dashboard's own calls to it carry the session cookie and no bearer token: those go to the dashboard's tenant too.
 * An API client without either gets the bearer tenant's 401, never a redirect to a sign-in page. Behind the gateway,
 * which signs staff in itself and relays their access token, the pages arrive with a bearer token: the bearer tenant
 * checks it.
 */
@ApplicationScoped
public class DashboardTenant implements TenantResolver {

    public static final String TENANT = "dashboard";
    /** Quarkus names a tenant's session cookie q_session_TENANT (and q_session_TENANT_chunk_N when split). */
    static final String SESSION_COOKIE = "q_session_" + TENANT;

    @Override
    public String resolve(RoutingContext context) {
        if (context.request().getHeader("Authorization") != null) {
            // The bearer tenant by name: null would let Quarkus pick the tenant named like the path's last segment
            // ("/dashboard" -> "dashboard", whose code flow then redirects a relayed token to sign in again).
            return OidcUtils.DEFAULT_TENANT_ID;
        }
        String path = context.normalizedPath();
        if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
            return TENANT;
        }
        if (path.startsWith("/api/") && hasSession(context)) {
            return TENANT;
        }
        return OidcUtils.DEFAULT_TENANT_ID;
    }

    private static boolean hasSession(RoutingContext context) {
        if (context.request().cookieCount() == 0) {
            return false;
        }
        for (Cookie c : context.request().cookies()) {
            if (c.getName().startsWith(SESSION_COOKIE)) {
                return true;
            }
        }
        return false;
    }
}
