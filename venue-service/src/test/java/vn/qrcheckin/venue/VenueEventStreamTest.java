package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class VenueEventStreamTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "qrcheckin.redis.key-prefix")
    String prefix;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void everyChangeAppendsAnEventWithAreaCodesAndNoPersonalData() throws Exception {
        String owner = TestTokens.owner("owner-events");
        String inspector = TestTokens.inspector(VenueTestData.HA_NOI);
        long id = VenueTestData.venue().with("ownerName", "Phạm Thị Riêng Tư").with("ownerPhone", "0987000111").createAs(owner)
                .getLong("id");
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("name", "Quán Cơm Niêu"))
                .patch("/api/v1/venues/" + id).then().statusCode(200);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of("reason", "Không quét mã"))
                .post("/api/v1/venues/" + id + "/suspend").then().statusCode(200);
        given().auth().oauth2(inspector).post("/api/v1/venues/" + id + "/reinstate").then().statusCode(200);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/venues/" + id + "/reminders").then().statusCode(201);

        List<String> expected = List.of("CREATED", "UPDATED", "SUSPENDED", "REINSTATED", "UPDATED");
        List<JsonNode> events = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id), e -> e.size() >= expected.size());
        assertEquals(expected, events.stream().map(e -> e.get("type").asText()).toList());
        long previous = 0;
        for (JsonNode e : events) {
            assertEquals(VenueTestData.MO_LAO, e.get("communeCode").asText());
            assertEquals(VenueTestData.HA_DONG, e.get("districtCode").asText());
            assertEquals(VenueTestData.HA_NOI, e.get("provinceCode").asText());
            assertEquals("RESTAURANT_CAFE", e.get("venueType").asText());
            assertTrue(e.get("eventId").asLong() > previous, "event ids increase");
            previous = e.get("eventId").asLong();
        }
        assertEquals("SUSPENDED", events.get(2).get("status").asText());
        assertEquals("Quán Cơm Niêu", events.get(1).get("venueName").asText());

        // No owner name or phone anywhere in the stream.
        for (StreamMessage<String, String, String> m : redis.stream(String.class).xrange(stream(), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))) {
            String raw = m.payload().toString();
            assertFalse(raw.contains("0987000111") || raw.contains("987000111") || raw.contains("Riêng Tư"), raw);
        }
    }

    @Test
    void eventsCarryTheRegistrationTimeAndTheLatestInspectionsStanding() throws Exception {
        String inspector = TestTokens.inspector(VenueTestData.HA_NOI);
        io.restassured.path.json.JsonPath venue = VenueTestData.venue().createAs(TestTokens.owner("owner-standing"));
        long id = venue.getLong("id");
        // PostgreSQL keeps microseconds; the creation answer may show the clock's nanoseconds.
        java.time.Instant registered = java.time.Instant.parse(venue.getString("createdAt")).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of("violations", List.of("NO_QR")))
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(201);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of("result", "COMPLIANT"))
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(201);
        List<JsonNode> events = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id), e -> e.size() >= 3);
        assertEquals(List.of(false, true, false), events.stream().map(e -> e.get("nonCompliant").asBoolean()).toList());
        for (JsonNode e : events) {
            // Every event, not only CREATED: a consumer that first meets the venue in a later event still knows its day.
            assertEquals(registered, java.time.Instant.parse(e.get("registeredAt").asText()).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        }
    }

    @Test
    void refusedChangesAppendNothing() throws Exception {
        String owner = TestTokens.owner("owner-noevent");
        long id = VenueTestData.venue().createAs(owner).getLong("id");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).size() == 1);
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("ownerPhone", "bad"))
                .patch("/api/v1/venues/" + id).then().statusCode(400);
        given().auth().oauth2(TestTokens.operator(VenueTestData.HO_CHI_MINH)).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .patch("/api/v1/venues/" + id).then().statusCode(403);
        Thread.sleep(500);
        assertEquals(1, eventsOf(id).size());
    }

    @Test
    void eventsLeftInTheOutboxAreAppendedByTheSweep() throws Exception {
        // As if the instance died between commit and append: an event row (stored without its id, as VenueEvents
        // stores it), a minute old, still in the outbox.
        long venueId = 990_000_000L + System.nanoTime() % 1_000_000;
        String payload = "{\"type\":\"UPDATED\",\"venueId\":" + venueId + ",\"venueName\":\"Chợ Đồng Xuân\","
                + "\"venueType\":\"MARKET\",\"defaultDwellMinutes\":60,\"communeCode\":\"00070\",\"districtCode\":\"002\","
                + "\"provinceCode\":\"01\",\"status\":\"ACTIVE\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}";
        long rowId;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
                java.sql.PreparedStatement s = c.prepareStatement("insert into venue_outbox (id, payload, created_at) "
                        + "values (nextval('venue_outbox_seq'), ?, now() - interval '1 minute') returning id")) {
            s.setString(1, payload);
            java.sql.ResultSet rs = s.executeQuery();
            rs.next();
            rowId = rs.getLong(1);
        }
        List<JsonNode> events = Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> eventsOf(venueId), e -> !e.isEmpty());
        assertEquals(1, events.size());
        assertEquals(rowId, events.get(0).get("eventId").asLong(), "the event id is the outbox row id");
        // The row goes when the sweep's transaction commits, just after the append.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(rowId) == 0);
    }

    private long outboxRows(long id) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery("select count(*) from venue_outbox where id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String stream() {
        return StreamNames.venueEvents(prefix);
    }

    private List<JsonNode> eventsOf(long venueId) throws Exception {
        List<StreamMessage<String, String, String>> all = redis.stream(String.class)
                .xrange(stream(), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        List<JsonNode> out = new java.util.ArrayList<>();
        for (StreamMessage<String, String, String> m : all) {
            JsonNode e = json.readTree(m.payload().get(StreamNames.EVENT_FIELD));
            if (e.get("venueId").asLong() == venueId) {
                out.add(e);
            }
        }
        return out;
    }
}
