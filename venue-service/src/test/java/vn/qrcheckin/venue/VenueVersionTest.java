package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * Venue versions order a venue's states for consumers: event ids come from the outbox sequence, which the
 * API (Hibernate, in blocks of 50) and bulk import (one value per row) draw in different orders, so a
 * consumer keeping the highest event id could keep an older state.
 */
@QuarkusTest
class VenueVersionTest {

    private static final String HEADER = "name,type,address,commune_code,owner_name,owner_phone\n";

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "qrcheckin.redis.key-prefix")
    String prefix;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @Test
    void aVenueSuspendedRightAfterAnImportEndsSuspendedByVersion() throws Exception {
        // An API change first, so this instance holds a block of outbox ids below the import's: the suspension
        // below then (most likely) gets a smaller event id than the import's CREATED event, the case that broke.
        VenueTestData.venue().createAs(TestTokens.admin());
        String marker = "Nhà thuốc " + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 20; i++) {
            csv.append(marker).append(" số ").append(i).append(",PHARMACY,Số ").append(i).append(" Quang Trung,")
                    .append(VenueTestData.MO_LAO).append(",Lê Thị Hồng,0912").append(String.format("%06d", i)).append('\n');
        }
        JsonPath report = given().auth().oauth2(TestTokens.owner("owner-versions")).contentType("text/csv; charset=UTF-8")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/venues/imports")
                .then().statusCode(200).extract().jsonPath();
        List<Long> ids = report.getList("results.venueId", Long.class);
        assertEquals(20, ids.size());
        long suspended = ids.get(7);
        given().auth().oauth2(TestTokens.inspector(VenueTestData.HA_NOI)).contentType(ContentType.JSON)
                .body(Map.of("reason", "Không quét mã")).post("/api/v1/venues/" + suspended + "/suspend")
                .then().statusCode(200);

        List<JsonNode> events = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> eventsOf(suspended), e -> e.size() >= 2);
        assertEquals(2, events.size(), events.toString());
        assertVersionsIncrease(events);
        JsonNode created = events.get(0);
        assertEquals("CREATED", created.get("type").asText());
        assertEquals(1, created.get("version").asLong(), "the first version is 1");
        assertEquals(VenueEvent.SCHEMA, created.get("schema").asInt());
        JsonNode newest = newest(events);
        assertEquals("SUSPENDED", newest.get("status").asText(), "the highest version is the suspension: " + events);
        assertEquals(2, newest.get("version").asLong());
        assertEquals(storedVersion(suspended), newest.get("version").asLong());

        // Every imported venue: CREATED at version 1, as the stored row says.
        for (long id : ids) {
            JsonNode first = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id), e -> !e.isEmpty()).get(0);
            assertEquals("CREATED", first.get("type").asText());
            assertEquals(1, first.get("version").asLong(), "venue " + id);
            if (id != suspended) {
                assertEquals(1, storedVersion(id), "venue " + id);
            }
        }
    }

    @Test
    void concurrentChangesOfOneVenueNeverLoseOneSilently() throws Exception {
        String admin = TestTokens.admin();
        long id = VenueTestData.venue().createAs(admin).getLong("id");
        int rounds = 8;
        int ok = 0;
        int conflicts = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Response>> answers = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    String name = "Quán " + round + " người " + writer;
                    answers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", name))
                                .patch("/api/v1/venues/" + id).andReturn();
                    }));
                }
                for (Future<Response> f : answers) {
                    Response r = f.get(30, TimeUnit.SECONDS);
                    if (r.statusCode() == 200) {
                        ok++;
                    } else {
                        // A change that lost the race is refused as a problem, never a 500 or a lost update.
                        assertEquals(409, r.statusCode(), r.asString());
                        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                        assertEquals(409, r.jsonPath().getInt("status"));
                        assertEquals("Conflict", r.jsonPath().getString("title"));
                        assertEquals("/api/v1/venues/" + id, r.jsonPath().getString("instance"));
                        conflicts++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2 * rounds, ok + conflicts);
        assertTrue(ok >= rounds, "at least one writer per round succeeds: " + ok);

        int expectedEvents = 1 + ok;
        List<JsonNode> events = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id), e -> e.size() >= expectedEvents);
        assertEquals(expectedEvents, events.size());
        // Every committed change has its own version, 1 to 1 + ok, whatever order the events were appended in.
        List<Long> versions = events.stream().map(e -> e.get("version").asLong()).sorted().toList();
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1L, versions.get(i), "versions " + versions);
        }
        // The stored state is the state of the highest version's event.
        JsonNode newest = newest(events);
        assertEquals(storedVersion(id), newest.get("version").asLong());
        String storedName = given().auth().oauth2(admin).get("/api/v1/venues/" + id).then().statusCode(200).extract().path("name");
        assertEquals(storedName, newest.get("venueName").asText());
    }

    /** Within one writer's commits the stream order is the commit order: versions must increase along it. */
    private static void assertVersionsIncrease(List<JsonNode> events) {
        long previous = 0;
        for (JsonNode e : events) {
            long v = e.get("version").asLong();
            assertTrue(v > previous, "versions increase in stream order: " + events);
            previous = v;
        }
    }

    private static JsonNode newest(List<JsonNode> events) {
        JsonNode newest = events.get(0);
        for (JsonNode e : events) {
            if (e.get("version").asLong() > newest.get("version").asLong()) {
                newest = e;
            }
        }
        return newest;
    }

    private long storedVersion(long venueId) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, dbUser, "");
                java.sql.ResultSet rs = c.createStatement().executeQuery("select version from venue where id = " + venueId)) {
            assertTrue(rs.next(), "venue " + venueId + " stored");
            return rs.getLong(1);
        }
    }

    private List<JsonNode> eventsOf(long venueId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (StreamMessage<String, String, String> m : redis.stream(String.class)
                .xrange(StreamNames.venueEvents(prefix), StreamRange.of("-", "+"))) {
            JsonNode e = json.readTree(m.payload().get(StreamNames.EVENT_FIELD));
            if (e.get("venueId").asLong() == venueId) {
                out.add(e);
            }
        }
        return out;
    }
}
