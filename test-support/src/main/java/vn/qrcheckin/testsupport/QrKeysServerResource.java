package vn.qrcheckin.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import vn.qrcheckin.contracts.qr.Ed25519Keys;

/**
 * Publishes a QR verification key the way venue-service does ({@code GET /api/v1/qr-keys}, a JWK set), and an
 * empty venue snapshot (bearer token required), for services that verify venue codes and follow venues without
 * running venue-service in the same test JVM. Tests sign codes
 * with the private half, read from {@code test.qrcheckin.qr-private-key} (PKCS#8, base64).
 */
public class QrKeysServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "ktest-1";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        KeyPair pair = Ed25519Keys.generate();
        Map<String, String> jwk = Ed25519Keys.toJwk(KEY_ID, pair.getPublic());
        String body = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + KEY_ID + "\",\"use\":\"sig\",\"alg\":\"EdDSA\",\"x\":\""
                + jwk.get("x") + "\",\"status\":\"active\"}]}";
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/qr-keys", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        // venue-service's venue snapshot, empty: tests announce their venues on the venue stream.
        server.createContext("/api/v1/internal/venue-snapshot", exchange -> {
            byte[] bytes = "{\"consistentWith\":\"0-0\",\"venues\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestHeaders().getFirst("Authorization") == null ? 401 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of(
                "qrcheckin.venue.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "test.qrcheckin.qr-private-key", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
