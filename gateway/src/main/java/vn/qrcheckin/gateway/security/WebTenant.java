package vn.qrcheckin.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.ext.web.RoutingContext;
import vn.qrcheckin.web.SessionCookies;

/**
 * Which OIDC tenant checks a request at the edge. Web pages (the dashboard) sign staff in with the
 * authorization-code flow and a session cookie (tenant {@value #TENANT}); every API keeps bearer tokens (the
 * default tenant), except that a signed-in page's own calls to the API carry the session cookie and no token:
 * those go to the web tenant too. An API client with neither gets a 401, never a redirect to a sign-in page.
 */
@ApplicationScoped
public class WebTenant implements TenantResolver {

    public static final String TENANT = "web";

    @Override
    public String resolve(RoutingContext context) {
        String path = context.normalizedPath();
        boolean bearer = context.request().getHeader("Authorization") != null;
        if (!bearer && (isPage(path) || path.startsWith("/api/") && SessionCookies.present(context, TENANT))) {
            return TENANT;
        }
        // The bearer tenant by name: null would let Quarkus pick a tenant named like the path's last segment (".../web").
        return OidcUtils.DEFAULT_TENANT_ID;
    }

    /** The signed-in web pages (their assets are public and need no session), and the sign-out. */
    public static final java.util.List<String> PAGES = java.util.List.of("/dashboard", "/tracer", "/inspector");
    public static final String LOGOUT = "/logout";

    static boolean isPage(String path) {
        if (path.equals(LOGOUT)) {
            return true;
        }
        for (String page : PAGES) {
            if (path.equals(page) || path.startsWith(page + "/") && !path.startsWith(page + "/assets/")) {
                return true;
            }
        }
        return false;
    }
}
