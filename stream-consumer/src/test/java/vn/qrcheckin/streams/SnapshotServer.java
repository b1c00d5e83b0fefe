package vn.qrcheckin.streams;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueSnapshot;
import vn.qrcheckin.contracts.VenueType;

/**
 * Serves a venue snapshot the way venue-service's internal API does (keyset pages over {@link #VENUES}), and
 * records what it was asked: the consumer tests check the pages, the bearer token and reloads.
 */
public class SnapshotServer implements QuarkusTestResourceLifecycleManager {

    /** Venues 1..12 at version 5; venue 3 suspended. */
    public static final List<VenueEvent> VENUES = new ArrayList<>();
    public static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    public static final AtomicInteger FIRST_PAGES = new AtomicInteger();
    /** The stream id the snapshot says it is consistent with. */
    public static volatile String consistentWith = "0-0";

    static {
        for (long id = 1; id <= 12; id++) {
            VENUES.add(venue(id, "Snapshot venue " + id, id == 3 ? "SUSPENDED" : "ACTIVE", 5));
        }
    }

    private HttpServer server;

    public static VenueEvent venue(long id, String name, String status, long version) {
        return new VenueEvent(0, null, id, name, VenueType.SHOP, 30, "00004", "001", "01", status, "owner-" + id, null, version,
                VenueEvent.SCHEMA);
    }

    @Override
    public Map<String, String> start() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/internal/venue-snapshot", exchange -> {
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Map<String, String> q = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv[1]);
            }
            long after = Long.parseLong(q.get("after"));
            int limit = Integer.parseInt(q.get("limit"));
            if (after == 0) {
                FIRST_PAGES.incrementAndGet();
            }
            List<VenueEvent> page = VENUES.stream().filter(v -> v.venueId() > after).limit(limit).toList();
            Long next = page.size() == limit ? page.get(page.size() - 1).venueId() : null;
            byte[] body = json.writeValueAsBytes(new VenueSnapshot(consistentWith, page, next));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("qrcheckin.streams.venues.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
