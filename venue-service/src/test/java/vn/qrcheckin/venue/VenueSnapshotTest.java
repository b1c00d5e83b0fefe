package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueSnapshot;
import vn.qrcheckin.venue.messaging.StreamPublisher;
import vn.qrcheckin.venue.service.VenueSnapshotService;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class VenueSnapshotTest {

    private static final String PATH = "/api/v1/internal/venue-snapshot";
    private static final String HEADER = "name,type,address,commune_code,owner_name,owner_phone\n";

    @Inject
    RedisDataSource redis;

    @Inject
    StreamPublisher publisher;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "qrcheckin.redis.key-prefix")
    String prefix;

    private final String service = TestTokens.withRoles("service-account-report-service", "service");

    @Test
    void pagesHoldEveryVenueOnceAtItsCurrentVersionConsistentWithTheStream() throws Exception {
        List<Long> ids = importVenues(25);
        String inspector = TestTokens.inspector(VenueTestData.HA_NOI);
        Map<Long, Long> expectedVersion = new HashMap<>();
        ids.forEach(id -> expectedVersion.put(id, 1L));
        for (long id : List.of(ids.get(3), ids.get(10), ids.get(24))) {
            given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of("reason", "Không quét mã"))
                    .post("/api/v1/venues/" + id + "/suspend").then().statusCode(200);
            expectedVersion.put(id, 2L);
        }
        for (String name : List.of("Nhà thuốc Đổi Tên", "Nhà thuốc Đổi Tên Lần Hai")) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("name", name))
                    .patch("/api/v1/venues/" + ids.get(10)).then().statusCode(200);
        }
        expectedVersion.put(ids.get(10), 4L);

        // Nothing else writes meanwhile (every change above published its events before answering).
        String lastBefore = lastStreamId();
        List<VenueSnapshot> pages = new ArrayList<>();
        Long after = ids.get(0) - 1;
        do {
            VenueSnapshot page = snapshot(after, 10);
            pages.add(page);
            after = page.nextAfter();
        } while (after != null);
        String lastAfter = lastStreamId();
        assertEquals(lastBefore, lastAfter, "nothing appended during the paging");

        assertEquals(List.of(10, 10, 5), pages.stream().map(p -> p.venues().size()).toList());
        assertEquals(ids.get(9), pages.get(0).nextAfter());
        assertEquals(ids.get(19), pages.get(1).nextAfter());
        assertNull(pages.get(2).nextAfter(), "the last page has no next");
        List<VenueEvent> venues = pages.stream().flatMap(p -> p.venues().stream()).toList();
        assertEquals(ids, venues.stream().map(VenueEvent::venueId).toList(), "each venue once, in id order");
        for (VenueSnapshot page : pages) {
            assertEquals(lastBefore, page.consistentWith());
        }
        for (VenueEvent v : venues) {
            assertEquals(expectedVersion.get(v.venueId()), v.version(), "venue " + v.venueId());
            assertEquals(0, v.eventId());
            assertNull(v.type());
            assertEquals(VenueEvent.SCHEMA, v.schema());
            assertNotNull(v.occurredAt());
            assertEquals(VenueTestData.MO_LAO, v.communeCode());
            assertEquals(VenueTestData.HA_DONG, v.districtCode());
            assertEquals(VenueTestData.HA_NOI, v.provinceCode());
            assertEquals(v.version() > 1 ? "SUSPENDED" : "ACTIVE", v.status(), "venue " + v.venueId());
            assertEquals("owner-snapshot", v.ownerSubject());
            // The projection agrees with the stream: the newest event of the venue up to consistentWith.
            JsonNode newest = newestEventUpTo(v.venueId(), lastBefore);
            assertEquals(v.version(), newest.get("version").asLong());
            assertEquals(v.status(), newest.get("status").asText());
            assertEquals(v.venueName(), newest.get("venueName").asText());
        }
        assertEquals("Nhà thuốc Đổi Tên Lần Hai", venues.get(10).venueName());

        // A change after the snapshot follows in the stream after consistentWith, at the next version.
        given().auth().oauth2(inspector).post("/api/v1/venues/" + ids.get(3) + "/reinstate").then().statusCode(200);
        List<StreamMessage<String, String, String>> later = redis.stream(String.class)
                .xrange(StreamNames.venueEvents(prefix), StreamRange.of("(" + lastBefore, "+"));
        assertEquals(1, later.size());
        JsonNode reinstated = json.readTree(later.get(0).payload().get(StreamNames.EVENT_FIELD));
        assertEquals(ids.get(3).longValue(), reinstated.get("venueId").asLong());
        assertEquals(3, reinstated.get("version").asLong());
    }

    @Test
    void adminsMayReadItAndTheDefaultsServeTheFirstPage() throws Exception {
        long id = VenueTestData.venue().createAs(TestTokens.admin()).getLong("id");
        VenueSnapshot first = json.readValue(given().auth().oauth2(TestTokens.admin()).get(PATH).then().statusCode(200).extract().asString(),
                VenueSnapshot.class);
        assertFalse(first.consistentWith().isBlank());
        assertFalse(first.venues().isEmpty());
        if (first.nextAfter() != null) {
            assertEquals(VenueSnapshotService.DEFAULT_LIMIT, first.venues().size());
            assertEquals(first.venues().get(first.venues().size() - 1).venueId(), first.nextAfter().longValue());
        } else {
            assertTrue(first.venues().stream().anyMatch(v -> v.venueId() == id));
        }
        VenueSnapshot from = json.readValue(given().auth().oauth2(TestTokens.admin()).queryParam("after", id - 1).get(PATH)
                .then().statusCode(200).extract().asString(), VenueSnapshot.class);
        assertEquals(id, from.venues().get(0).venueId());
        assertEquals(1, from.venues().get(0).version());
    }

    @Test
    void pagesCarryTheRegistrationTimeAndTheInspectionStanding() throws Exception {
        io.restassured.path.json.JsonPath created = VenueTestData.venue().createAs(TestTokens.admin());
        long id = created.getLong("id");
        given().auth().oauth2(TestTokens.inspector(VenueTestData.HA_NOI)).contentType(ContentType.JSON)
                .body(Map.of("violations", List.of("NO_QR"))).post("/api/v1/venues/" + id + "/inspections").then().statusCode(201);
        VenueEvent v = snapshot(id - 1, 1).venues().get(0);
        assertEquals(id, v.venueId());
        // PostgreSQL keeps microseconds; the creation answer may show the clock's nanoseconds.
        assertEquals(Instant.parse(created.getString("createdAt")).truncatedTo(java.time.temporal.ChronoUnit.MICROS), v.registeredAt());
        assertEquals(Boolean.TRUE, v.nonCompliant());
        long other = VenueTestData.venue().createAs(TestTokens.admin()).getLong("id");
        assertEquals(Boolean.FALSE, snapshot(other - 1, 1).venues().get(0).nonCompliant());
    }

    @Test
    void aMissingStreamIsConsistentWithZero() {
        assertEquals("0-0", publisher.lastId(prefix + "no-such-stream-" + UUID.randomUUID()).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void onlyServicesAndAdminsMayReadIt() {
        given().get(PATH).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator(VenueTestData.HA_NOI)).get(PATH)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.owner("owner-snapshot")).get(PATH).then().statusCode(403);
        given().auth().oauth2(TestTokens.app("pc-covid")).get(PATH).then().statusCode(403);
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        for (String[] bad : List.of(new String[] { "limit", "0" }, new String[] { "limit", "10001" }, new String[] { "limit", "ten" },
                new String[] { "after", "-1" }, new String[] { "after", "abc" }, new String[] { "after", "1.5" })) {
            given().auth().oauth2(service).queryParam(bad[0], bad[1]).get(PATH)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors[0].field", equalTo(bad[0]));
        }
    }

    private VenueSnapshot snapshot(long after, int limit) throws Exception {
        return json.readValue(given().auth().oauth2(service).queryParam("after", after).queryParam("limit", limit).get(PATH)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString(), VenueSnapshot.class);
    }

    private List<Long> importVenues(int n) {
        String marker = "Nhà thuốc " + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            csv.append(marker).append(" số ").append(i).append(",PHARMACY,Số ").append(i).append(" Quang Trung,")
                    .append(VenueTestData.MO_LAO).append(",Lê Thị Hồng,0912").append(String.format("%06d", i)).append('\n');
        }
        List<Long> ids = given().auth().oauth2(TestTokens.owner("owner-snapshot")).contentType("text/csv; charset=UTF-8")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/venues/imports")
                .then().statusCode(200).extract().jsonPath().getList("results.venueId", Long.class);
        assertEquals(n, ids.size());
        return ids;
    }

    private String lastStreamId() {
        List<StreamMessage<String, String, String>> newest = redis.stream(String.class)
                .xrevrange(StreamNames.venueEvents(prefix), StreamRange.of("+", "-"), 1);
        return newest.isEmpty() ? "0-0" : newest.get(0).id();
    }

    private JsonNode newestEventUpTo(long venueId, String lastId) throws Exception {
        JsonNode newest = null;
        for (StreamMessage<String, String, String> m : redis.stream(String.class)
                .xrange(StreamNames.venueEvents(prefix), StreamRange.of("-", lastId))) {
            JsonNode e = json.readTree(m.payload().get(StreamNames.EVENT_FIELD));
            if (e.get("venueId").asLong() == venueId && (newest == null || e.get("version").asLong() > newest.get("version").asLong())) {
                newest = e;
            }
        }
        assertNotNull(newest, "venue " + venueId + " has events");
        return newest;
    }
}
