package vn.qrcheckin.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The answers Vert.x and Quarkus give before any resource runs, as RFC 9457 problems: an over-long request
 * line (414), too many or too large headers (431), a body over the limit (413), a malformed path (400), an
 * unknown path (404), a method a path does not take (405), a failure in a route (500). Vert.x writes those
 * with an empty or HTML body of its own; here they are checked first, against limits below Netty's (which
 * are raised in each service's configuration, so that only a request far past ours still meets Netty's bare
 * answer). Also sets {@code X-Content-Type-Options: nosniff} on every answer, and {@code Cache-Control: no-store} on
 * API answers that set no cache policy of their own.
 */
@ApplicationScoped
public class HttpEdge {

    /** Runs before Quarkus's own body-size route (order -2) and every route with a path. */
    static final int PRIORITY = 10_000;
    static final int MAX_URI = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 100;
    /** How far past its limit a body is still read (and dropped) so that the client hears the 413. */
    static final long MAX_DRAINED = 1024 * 1024;
    /** How long a refused body may take to arrive before the connection is closed anyway. */
    static final long DRAIN_MILLIS = 5_000;

    private final long maxBody;
    /**
     * Form posts (the web check-in page) carry a few short fields: a form larger than one attribute may be
     * (Vert.x's limit, 2 KB by default) is refused whole, before Vert.x fails on each chunk of it.
     */
    private final long maxFormBody;
    private final AllowedMethods methods;

    public HttpEdge(AllowedMethods methods) {
        this.methods = methods;
        this.maxBody = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        this.maxFormBody = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-form-attribute-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(2048L);
    }

    void filters(@Observes Filters filters) {
        filters.register(this::guard, PRIORITY);
    }

    void router(@Observes Router router) {
        for (int status : new int[] { 400, 413, 414, 431, 500 }) {
            router.errorHandler(status, rc -> problem(rc, status, null));
        }
        router.errorHandler(404, this::notFoundOrNotAllowed);
        router.errorHandler(405, this::notFoundOrNotAllowed);
    }

    /** 404 for a path nothing serves; 405 with Allow for one served, but not with this method. */
    private void notFoundOrNotAllowed(RoutingContext rc) {
        String allow = methods.allowIfNotAllowed(rc.request().path(), rc.request().method().name());
        if (allow == null) {
            problem(rc, 404, "no such resource");
        } else {
            rc.response().putHeader(HttpHeaders.ALLOW, allow);
            problem(rc, 405, rc.request().method().name() + " is not allowed here");
        }
    }

    void guard(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        rc.response().putHeader("X-Content-Type-Options", "nosniff");
        if (req.path().startsWith("/api/")) {
            // API answers may carry personal data: never stored by a cache, unless the resource says otherwise
            // (public QR images and posters say "public, max-age=300").
            HttpServerResponse response = rc.response();
            rc.addHeadersEndHandler(v -> {
                if (!response.headers().contains(HttpHeaders.CACHE_CONTROL)) {
                    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                }
            });
        }
        String uri = req.uri();
        if (uri.length() > MAX_URI) {
            problem(rc, 414, "the request line is longer than " + MAX_URI + " characters");
            return;
        }
        int bytes = 0;
        int count = 0;
        for (Map.Entry<String, String> h : req.headers()) {
            bytes += h.getKey().length() + h.getValue().length() + 4;
            count++;
        }
        if (bytes > MAX_HEADER_BYTES || count > MAX_HEADERS) {
            problem(rc, 431, "at most " + MAX_HEADERS + " headers of " + MAX_HEADER_BYTES + " bytes in all");
            return;
        }
        if (!validPath(rc, uri)) {
            problem(rc, 400, "the path or query is not a valid URI (a % must start an escape of two hex digits)");
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared = Long.parseLong(length.strip()); // Netty refused any that is not a number
            String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
            boolean form = type != null && type.startsWith("application/x-www-form-urlencoded");
            long limit = form ? Math.min(maxFormBody, maxBody) : maxBody;
            if (declared > limit) {
                refuseBody(rc, declared, limit, form && acceptsHtml(req));
                return;
            }
        }
        if (req.path().startsWith("/q/") && isManagementPath(req.path()) && req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            rc.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            problem(rc, 405, "only GET and HEAD are allowed here");
            return;
        }
        rc.next();
    }

    /**
     * 413 for a body over the limit, answered at once. A body up to {@link #MAX_DRAINED} past the limit is
     * then read and dropped, so that a client still sending gets the answer rather than a reset connection,
     * and the connection is closed when the body ends or after {@link #DRAIN_MILLIS}; a larger one, or a
     * client waiting for {@code 100 Continue}, gets the connection closed right after the answer (as
     * Quarkus's own 413 does). Logs nothing: a stream of such posts cannot fill a disk.
     */
    private static void refuseBody(RoutingContext rc, long declared, long limit, boolean html) {
        HttpServerRequest req = rc.request();
        HttpServerResponse response = rc.response();
        io.vertx.core.http.HttpConnection connection = req.connection();
        response.putHeader(HttpHeaders.CONNECTION, "close");
        boolean drain = declared - limit <= MAX_DRAINED && !"100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT));
        if (drain) {
            long timer = rc.vertx().setTimer(DRAIN_MILLIS, t -> connection.close());
            req.handler(ignored -> {
            });
            req.exceptionHandler(e -> connection.close());
            req.endHandler(v -> {
                rc.vertx().cancelTimer(timer);
                connection.close();
            });
        } else {
            response.endHandler(v -> connection.close());
        }
        if (html) {
            html(rc, 413, "Nội dung gửi lên quá lớn", "Biểu mẫu chỉ gồm số điện thoại và họ tên. Xin quét lại mã và thử lại.");
        } else {
            problem(rc, 413, "the body is larger than " + limit + " bytes");
        }
    }

    /** Quarkus's own endpoints under /q/ (the web check-in page /q/{token} is an application path). */
    private static boolean isManagementPath(String path) {
        return path.startsWith("/q/health") || path.startsWith("/q/metrics") || path.startsWith("/q/openapi")
                || path.startsWith("/q/swagger-ui") || path.startsWith("/q/dev");
    }

    /**
     * What Quarkus's own check ({@code new URI(uri)}, switched off so that this answer is a problem) refused,
     * in one pass without allocating (it runs on every check-in): controls, spaces, characters a URI never
     * holds, a % not followed by two hex digits. Then Vert.x's normalisation (cached for the router).
     */
    static boolean validPath(RoutingContext rc, String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c == 0x7f || "\"<>\\^`{|}[]".indexOf(c) >= 0) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            }
        }
        try {
            rc.normalizedPath();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean acceptsHtml(HttpServerRequest req) {
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** Writes a problem unless an answer has begun; a body already sent cannot be replaced. */
    static void problem(RoutingContext rc, int status, String detail) {
        HttpServerResponse response = rc.response();
        if (response.headWritten() || response.ended()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        String instance = safePath(rc);
        if (instance != null) {
            body.put("instance", instance);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON).end(body.encode());
    }

    private static void html(RoutingContext rc, int status, String heading, String message) {
        HttpServerResponse response = rc.response();
        if (response.headWritten() || response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
                .end("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                        + "<title>" + heading + "</title><h1>" + heading + "</h1><p>" + message + "</p></html>");
    }

    /** The path for the problem's instance; a malformed or over-long one is not echoed back. */
    private static String safePath(RoutingContext rc) {
        String path = rc.request().path();
        if (path == null || path.length() > 200) {
            return null;
        }
        try {
            return new URI(null, null, path, null).getRawPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
