package vn.qrcheckin.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plain HTTP servers standing in for venue-, checkin- and report-service behind the gateway under test; tracing's
 * address is a port nobody listens on (the service that is down). Each answers a request with what arrived: the
 * service's name, method, path and query, headers, and the body's length and SHA-256, read as it streams in;
 * {@code GET /__seen} answers the bytes of the body being received right now (a test watches a body arrive) and
 * how many requests are open (still arriving or being answered).
 * {@code /api/v1/reports/slow} answers after 3 s (the report route's limit is 1 s here).
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    public static final String DOWN = "tracing";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<HttpServer> servers = new java.util.ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new ConcurrentHashMap<>();
        for (String name : List.of("venue", "checkin", "report")) {
            HttpServer server = serve(name);
            servers.add(server);
            config.put("qrcheckin.gateway.upstreams." + name + ".url", "http://127.0.0.1:" + server.getAddress().getPort());
            config.put("fake." + name + ".port", Integer.toString(server.getAddress().getPort()));
        }
        config.put("qrcheckin.gateway.upstreams." + DOWN + ".url", "http://127.0.0.1:" + deadPort());
        config.put("qrcheckin.gateway.upstreams." + DOWN + ".breaker.max-failures", "3");
        config.put("qrcheckin.gateway.upstreams." + DOWN + ".breaker.open-for", "2s");
        config.put("qrcheckin.gateway.upstreams.report.timeout", "1s");
        return config;
    }

    @Override
    public void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static HttpServer serve(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            AtomicLong receiving = new AtomicLong();
            AtomicLong open = new AtomicLong();
            server.createContext("/", exchange -> {
                if (exchange.getRequestURI().getRawPath().equals("/__seen")) {
                    send(exchange, 200, Map.of("bytes", receiving.get(), "open", open.get()));
                    return;
                }
                open.incrementAndGet();
                try {
                    answer(name, exchange, receiving);
                } finally {
                    open.decrementAndGet();
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(String name, HttpExchange exchange, AtomicLong receiving) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        receiving.set(0);
        long length = 0;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
                length += n;
                receiving.set(length);
            }
        }
        if (path.equals("/api/v1/reports/slow")) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Object> seen = new java.util.LinkedHashMap<>();
        seen.put("service", name);
        seen.put("method", exchange.getRequestMethod());
        seen.put("uri", exchange.getRequestURI().toString());
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        seen.put("headers", headers);
        seen.put("bodyLength", length);
        seen.put("bodySha256", HexFormat.of().formatHex(sha.digest()));
        send(exchange, 200, seen);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int deadPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
