package vn.qrcheckin.web;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/** Whether a request carries an OIDC code-flow session: Quarkus names a tenant's cookie q_session_TENANT (q_session_TENANT_chunk_N when split). */
public final class SessionCookies {

    private SessionCookies() {
    }

    public static String of(String tenant) {
        return "q_session_" + tenant;
    }

    public static boolean present(RoutingContext context, String tenant) {
        if (context.request().cookieCount() == 0) {
            return false;
        }
        String name = of(tenant);
        for (Cookie c : context.request().cookies()) {
            if (c.getName().startsWith(name)) {
                return true;
            }
        }
        return false;
    }
}
