package vn.qrcheckin.gateway.openapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vn.qrcheckin.web.ProblemMapper;

/**
 * {@code GET /openapi}: the suite's one OpenAPI document, merged from the services' own ({@link OpenApiMerger}), which
 * the gateway's Swagger UI shows. JSON, or YAML with {@code ?format=yaml}.
 * <p>
 * Each service's document is read from {@code <qrcheckin.gateway.upstreams.<name>.url>/q/openapi?format=json} (or
 * {@code qrcheckin.openapi.sources.<name>}, a full URL), at most once per {@code cache-ttl} (30 s): the
 * document changes only when a service is redeployed.
 * <p>
 * When a service cannot be read (down, slow past {@code fetch-timeout}, not an OpenAPI document) the others' paths are
 * still served, <b>200</b> with the service named in {@code x-unavailable} and in the description (a Swagger UI shows
 * nothing at all for a non-2xx answer), and that partial document is kept for 5 s at most so a service coming back
 * shows up at once. Only when no service can be read is the answer a <b>503</b> problem
 * ({@code application/problem+json}) naming every service and why, with {@code Retry-After}.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    private static final Duration PARTIAL_TTL = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    /** One merge, as served. */
    record Merged(ObjectNode document, Map<String, String> unavailable, long expiresAtNanos) {
    }

    private final Vertx vertx;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final OpenApiMerger.OAuthUrls oauth;
    private final Duration ttl;
    private final Duration timeout;
    private HttpClient client;
    private volatile Merged cached;
    private Future<Merged> pending;

    public MergedOpenApi(Vertx vertx) {
        this.vertx = vertx;
        Config config = ConfigProvider.getConfig();
        for (String s : OpenApiMerger.SERVICES) {
            Optional<String> source = config.getOptionalValue("qrcheckin.openapi.sources." + s, String.class);
            Optional<String> upstream = config.getOptionalValue("qrcheckin.gateway.upstreams." + s + ".url", String.class);
            source.or(() -> upstream.map(u -> (u.endsWith("/") ? u.substring(0, u.length() - 1) : u) + "/q/openapi?format=json"))
                    .ifPresent(url -> sources.put(s, url));
        }
        this.oauth = oauthUrls(config);
        this.ttl = config.getOptionalValue("qrcheckin.openapi.cache-ttl", Duration.class).orElse(Duration.ofSeconds(30));
        this.timeout = config.getOptionalValue("qrcheckin.openapi.fetch-timeout", Duration.class).orElse(Duration.ofSeconds(5));
    }

    /**
     * The provider's token and authorization endpoints as a browser reaches them: {@code qrcheckin.openapi.token-url}
     * and {@code authorization-url} when set (a provider that is not Keycloak), else Keycloak's fixed paths under
     * {@code qrcheckin.openapi.oidc-url} (OIDC_PUBLIC_URL: the provider's public address, when the gateway
     * reaches it by an internal one), else under {@code quarkus.oidc.auth-server-url}.
     */
    static OpenApiMerger.OAuthUrls oauthUrls(Config config) {
        String realm = config.getOptionalValue("qrcheckin.openapi.oidc-url", String.class)
                .or(() -> config.getOptionalValue("quarkus.oidc.auth-server-url", String.class))
                .orElse("http://127.0.0.1:8180/realms/qrcheckin");
        OpenApiMerger.OAuthUrls keycloak = OpenApiMerger.OAuthUrls.keycloak(realm);
        return new OpenApiMerger.OAuthUrls(
                config.getOptionalValue("qrcheckin.openapi.authorization-url", String.class).orElse(keycloak.authorizationUrl()),
                config.getOptionalValue("qrcheckin.openapi.token-url", String.class).orElse(keycloak.tokenUrl()));
    }

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(timeout.toMillis(), 2000))
                .setMaxPoolSize(4).setKeepAlive(false));
        router.get("/openapi").handler(this::serve);
    }

    void close(@Observes ShutdownEvent stop) {
        if (client != null) {
            client.close();
        }
    }

    void serve(RoutingContext rc) {
        document().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("the merged OpenAPI document failed", ar.cause());
                problem(rc, 500, "the merged document could not be built", Map.of());
                return;
            }
            Merged m = ar.result();
            if (m.document() == null) {
                rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(PARTIAL_TTL.toSeconds()));
                problem(rc, 503, "no service's OpenAPI document could be read: " + describe(m.unavailable()), m.unavailable());
                return;
            }
            boolean yaml = "yaml".equalsIgnoreCase(rc.request().getParam("format"))
                    || "yml".equalsIgnoreCase(rc.request().getParam("format"));
            try {
                byte[] body = (yaml ? YAML : JSON).writeValueAsBytes(m.document());
                rc.response().putHeader(HttpHeaders.CONTENT_TYPE, yaml ? "application/yaml;charset=UTF-8" : "application/json;charset=UTF-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .end(Buffer.buffer(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problem(rc, 500, "the merged document could not be written", Map.of());
            }
        });
    }

    private static String describe(Map<String, String> unavailable) {
        List<String> parts = new ArrayList<>();
        unavailable.forEach((s, why) -> parts.add(s + " (" + why + ")"));
        return String.join(", ", parts);
    }

    private static void problem(RoutingContext rc, int status, String detail, Map<String, String> unavailable) {
        if (rc.response().headWritten() || rc.response().ended()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status).put("detail", detail).put("instance", "/openapi");
        if (!unavailable.isEmpty()) {
            JsonArray list = new JsonArray();
            unavailable.forEach((s, why) -> list.add(new JsonObject().put("service", s).put("detail", why)));
            body.put("unavailable", list);
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON).end(body.encode());
    }

    /** The cached merge, or a new one (one at a time: callers meanwhile wait for the same). Runs on the event loop. */
    Future<Merged> document() {
        Merged m = cached;
        if (m != null && System.nanoTime() - m.expiresAtNanos() < 0) {
            return Future.succeededFuture(m);
        }
        synchronized (this) {
            if (pending != null) {
                return pending;
            }
            Future<Merged> merging = merge();
            pending = merging;
            // Registered after pending is set: a merge that completed at once (no source at all) clears it too.
            merging.onComplete(ar -> {
                synchronized (this) {
                    if (ar.succeeded()) {
                        cached = ar.result();
                    }
                    if (pending == merging) {
                        pending = null;
                    }
                }
            });
            return merging;
        }
    }

    private Future<Merged> merge() {
        Map<String, Future<JsonNode>> reads = new LinkedHashMap<>();
        sources.forEach((s, url) -> reads.put(s, read(url)));
        return Future.join(new ArrayList<>(reads.values())).transform(ignored -> {
            Map<String, JsonNode> docs = new LinkedHashMap<>();
            Map<String, String> unavailable = new LinkedHashMap<>();
            for (String s : OpenApiMerger.SERVICES) {
                Future<JsonNode> f = reads.get(s);
                if (f == null) {
                    unavailable.put(s, "no URL configured (qrcheckin.gateway.upstreams." + s + ".url)");
                } else if (f.succeeded()) {
                    docs.put(s, f.result());
                } else {
                    unavailable.put(s, f.cause().getMessage() == null ? f.cause().getClass().getSimpleName() : f.cause().getMessage());
                }
            }
            if (!unavailable.isEmpty()) {
                LOG.warnf("merged OpenAPI without %s", describe(unavailable));
            }
            long expires = System.nanoTime() + (unavailable.isEmpty() ? ttl : ttl.compareTo(PARTIAL_TTL) < 0 ? ttl : PARTIAL_TTL).toNanos();
            if (docs.isEmpty()) {
                return Future.succeededFuture(new Merged(null, unavailable, expires));
            }
            try {
                return Future.succeededFuture(new Merged(OpenApiMerger.merge(docs, unavailable, oauth), unavailable, expires));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
    }

    /** One service's document; fails with a message fit for the problem (no stack, no body). */
    private Future<JsonNode> read(String url) {
        Promise<JsonNode> result = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(timeout.toMillis())
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        client.request(options)
                .compose(req -> req.send())
                .compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture(new IllegalStateException("answered " + resp.statusCode())))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        result.fail(new IllegalStateException(ar.cause() instanceof IllegalStateException ? ar.cause().getMessage()
                                : "unreachable: " + ar.cause().getMessage()));
                        return;
                    }
                    try {
                        JsonNode doc = JSON.readTree(ar.result().getBytes());
                        if (!doc.isObject() || !doc.path("openapi").isTextual() || !doc.path("paths").isObject()) {
                            result.fail(new IllegalStateException("not an OpenAPI document"));
                        } else {
                            result.complete(doc);
                        }
                    } catch (java.io.IOException e) {
                        result.fail(new IllegalStateException("not an OpenAPI document"));
                    }
                });
        return result.future();
    }
}
