package vn.qrcheckin.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plain HTTP servers standing in for the four services' {@code /q/openapi?format=json}: each serves the document the
 * real service emitted (copies in src/test/resources/openapi-upstreams, taken from the running services on
 * 2026-12-01), altered as {@link #documents()} says so that names collide. {@code POST /__down} makes a server answer
 * 503, {@code POST /__up} serves again; {@code GET /__served} says how many documents it has served.
 */
public class OpenApiUpstreams implements QuarkusTestResourceLifecycleManager {

    static final List<String> SERVICES = List.of("venue", "checkin", "tracing", "report");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<HttpServer> servers = new ArrayList<>();

    /** The test's copy of a service's document as emitted. */
    static ObjectNode original(String service) {
        try (InputStream in = OpenApiUpstreams.class.getResourceAsStream("/openapi-upstreams/" + service + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the stand-ins serve: the documents as emitted, plus
     * <ul>
     * <li>report's {@code Problem} with one more property (differs from the others' Problem);</li>
     * <li>tracing's {@code IdType} with one more value (differs from checkin's);</li>
     * <li>the same {@code Identity} schema, referring to {@code IdType}, in checkin (from {@code Person}) and tracing (from
     * {@code Visitor}): equal as text, different once tracing's IdType is renamed;</li>
     * <li>a {@code /q/health} path in checkin's (the gateway answers that one itself).</li>
     * </ul>
     */
    static Map<String, ObjectNode> documents() {
        Map<String, ObjectNode> docs = new HashMap<>();
        for (String s : SERVICES) {
            docs.put(s, original(s));
        }
        ObjectNode reportProblem = (ObjectNode) docs.get("report").path("components").path("schemas").path("Problem");
        ((ObjectNode) reportProblem.path("properties")).putObject("retryAfter").put("type", "integer");
        ((com.fasterxml.jackson.databind.node.ArrayNode) docs.get("tracing").path("components").path("schemas").path("IdType").path("enum"))
                .add("PASSPORT");
        for (String[] at : new String[][] { { "checkin", "Person" }, { "tracing", "Visitor" } }) {
            // First in the document, before the IdType it refers to: a merger deciding in one pass in document order
            // would compare it before it knows tracing's IdType is renamed.
            ObjectNode old = (ObjectNode) docs.get(at[0]).path("components").path("schemas");
            ObjectNode schemas = JSON.createObjectNode();
            schemas.putObject("Identity").put("type", "object").putObject("properties").putObject("type").put("$ref", "#/components/schemas/IdType");
            schemas.setAll(old);
            ((ObjectNode) docs.get(at[0]).path("components")).set("schemas", schemas);
            ((ObjectNode) schemas.path(at[1]).path("properties")).putObject("identity").put("$ref", "#/components/schemas/Identity");
        }
        docs.get("checkin").withObject("/paths").putObject("/q/health").putObject("get").put("summary", "health")
                .putObject("responses").putObject("200").put("description", "OK");
        return docs;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        Map<String, ObjectNode> docs = documents();
        for (String s : SERVICES) {
            HttpServer server = serve(docs.get(s));
            servers.add(server);
            config.put("qrcheckin.openapi.sources." + s, "http://127.0.0.1:" + server.getAddress().getPort() + "/q/openapi?format=json");
            config.put("test.openapi." + s + ".control", "http://127.0.0.1:" + server.getAddress().getPort());
        }
        return config;
    }

    @Override
    public void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static HttpServer serve(ObjectNode doc) {
        try {
            byte[] body = JSON.writeValueAsBytes(doc);
            AtomicBoolean down = new AtomicBoolean();
            AtomicInteger served = new AtomicInteger();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                exchange.getRequestBody().readAllBytes();
                int status;
                byte[] answer;
                if (path.equals("/__down") || path.equals("/__up")) {
                    down.set(path.equals("/__down"));
                    status = 204;
                    answer = null;
                } else if (path.equals("/__served")) {
                    status = 200;
                    answer = Integer.toString(served.get()).getBytes();
                } else if (down.get()) {
                    status = 503;
                    answer = "{\"status\":503}".getBytes();
                } else if (path.equals("/q/openapi") && "format=json".equals(exchange.getRequestURI().getQuery())) {
                    status = 200;
                    answer = body;
                    served.incrementAndGet();
                } else {
                    status = 404;
                    answer = "{\"status\":404}".getBytes();
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer == null ? -1 : answer.length);
                if (answer != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
