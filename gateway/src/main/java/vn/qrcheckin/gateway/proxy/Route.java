package vn.qrcheckin.gateway.proxy;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of the route table: the paths it covers, the service behind them and who may call them at the edge.
 *
 * @param prefix a path prefix: it covers the path itself and everything under it ("/api/v1/venues" covers
 *        "/api/v1/venues/7", not "/api/v1/venuesX"); a prefix ending in "/" covers only what is under it
 * @param pattern when set, the path must also match it whole (a public exception inside a protected prefix)
 * @param methods when not empty, only these methods (others fall through to the next line)
 * @param upstream the service's name in {@code qrcheckin.gateway.upstreams}
 * @param access who may pass
 * @param roles for {@link Access#API} and {@link Access#PAGE}: any one of them lets the caller pass
 */
public record Route(String prefix, Pattern pattern, Set<String> methods, String upstream, Access access, Set<String> roles) {

    public enum Access {
        /** Anyone, limited per client address (the web check-in page, public lists, QR images). */
        PUBLIC,
        /** A bearer token (or the browser session of a signed-in page) with one of the roles, limited per client. */
        API,
        /** A web page: a browser without a session is sent to sign in (the code flow), then needs one of the roles. */
        PAGE
    }

    /** What the metrics call a path under this line. */
    public String template() {
        return (prefix.endsWith("/") ? prefix : prefix + "/") + "*";
    }

    public boolean covers(String method, String path) {
        if (!methods.isEmpty() && !methods.contains(method)) {
            return false;
        }
        boolean under = prefix.endsWith("/") ? path.startsWith(prefix)
                : path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        return under && (pattern == null || pattern.matcher(path).matches());
    }
}
