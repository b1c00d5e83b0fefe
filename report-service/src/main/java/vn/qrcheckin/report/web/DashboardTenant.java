package vn.qrcheckin.report.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.ext.web.RoutingContext;
import vn.qrcheckin.web.SessionCookies;

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
        if (path.startsWith("/api/") && SessionCookies.present(context, TENANT)) {
            return TENANT;
        }
        return OidcUtils.DEFAULT_TENANT_ID;
    }
}
