package vn.qrcheckin.tracing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.testsupport.TestTokens;
import vn.qrcheckin.tracing.TestCheckins.P;
import vn.qrcheckin.tracing.messaging.VisitSink;

/**
 * Exposure sites and their public feed (no personal data, ETag, cache policy), who was at a venue, where a person
 * went, a citizen's access log; and the service's log holds none of the personal data it handled.
 */
@QuarkusTest
class ExposureAndPeopleTest {

    @Inject
    TestCheckins data;
    @Inject
    VisitSink sink;

    private final P caseP = P.phone("0915100001", "Đinh Thị Ca");
    private final P other = P.cccd("001094015100", "Bùi Văn Khách", "0915100002");
    /** Someone no other test meets: their access log starts empty. */
    private final P stranger = P.cccd("001094015199", "Bùi Văn Lạ", "0915100099");

    private long scenario(Instant t, long venue) {
        return scenario(t, venue, other);
    }

    private long scenario(Instant t, long venue, P other) {
        sink.write(List.of(data.entry(data.event("e-c-" + t.toEpochMilli(), caseP, venue, Direction.IN, t)),
                data.entry(data.event("e-o-" + t.toEpochMilli(), other, venue, Direction.IN, t.plus(Duration.ofMinutes(10)))))).await().indefinitely();
        String body = "{\"person\":{\"idType\":\"PHONE\",\"number\":\"0915100001\"},\"infectiousFrom\":\"" + t.minus(Duration.ofHours(1))
                + "\",\"infectiousTo\":\"" + t.plus(Duration.ofHours(3)) + "\",\"provinceCode\":\"01\"}";
        return given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body(body).post("/api/v1/tracing/cases").then()
                .statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void exposureSitesArePublishedWithoutPersonalDataAndPollable() {
        Instant t = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
        long venue = data.venue("Bệnh viện Hà Đông", VenueType.HOSPITAL_CLINIC);
        long id = scenario(t, venue);
        Instant before = Instant.now().minusSeconds(1);
        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body("{}").post("/api/v1/tracing/cases/" + id + "/exposure-sites")
                .then().statusCode(201)
                .body("items.venueId", equalTo(List.of((int) venue))).body("items[0].from", equalTo(t.toString()));

        var feed = given().get("/api/v1/exposure-sites?since=" + before).then().statusCode(200)
                .header("Cache-Control", "public, max-age=60").body("items.venueName", hasItem("Bệnh viện Hà Đông")).extract();
        String json = feed.asString();
        for (String secret : List.of("0915100001", "Đinh Thị Ca", "0915100002", "001094015100", "personRef", "number")) {
            assertFalse(json.contains(secret), secret + " in the public feed: " + json);
        }
        String etag = feed.header("ETag");
        given().header("If-None-Match", etag).get("/api/v1/exposure-sites?since=" + before).then().statusCode(304);
        given().get("/api/v1/exposure-sites?since=yesterday").then().statusCode(400).body("errors[0].field", equalTo("since"));
    }

    @Test
    void visitorsPersonVisitsAndTheCitizensAccessLog() {
        Instant t = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.MINUTES);
        long venue = data.venue("Ngân hàng Agribank Hà Đông", VenueType.BANK_BRANCH);
        long id = scenario(t, venue, stranger);

        // Nobody has seen the stranger's data yet: their access log is empty.
        String otherPerson = "{\"person\":{\"idType\":\"CCCD\",\"number\":\"001094015199\"}}";
        given().auth().oauth2(TestTokens.app("pc-covid")).contentType(ContentType.JSON).body(otherPerson).post("/api/v1/tracing/access-log")
                .then().statusCode(200).body("size()", equalTo(0));

        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/venues/" + venue + "/visitors?from=" + t.minusSeconds(60) + "&to="
                + t.plus(Duration.ofHours(1))).then().statusCode(200).body("number", hasItem("001094015199"))
                .body("name", hasItem("Bùi Văn Lạ"));
        given().auth().oauth2(TestTokens.tracer("79")).get("/api/v1/tracing/venues/" + venue + "/visitors?from=" + t + "&to="
                + t.plusSeconds(60)).then().statusCode(403);
        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/venues/" + venue + "/visitors?from=" + t).then().statusCode(400)
                .body("errors[0].field", equalTo("to"));

        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body("{\"person\":{\"idType\":\"PHONE\",\"number\":\"0915100001\"},"
                + "\"from\":\"" + t.minusSeconds(60) + "\",\"to\":\"" + t.plus(Duration.ofHours(1)) + "\"}").post("/api/v1/tracing/people/visits")
                .then().statusCode(200).body("venueId", equalTo(List.of((int) venue)));

        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/cases/" + id + "/contacts").then().statusCode(200)
                .body("items.number", hasItem("001094015199"));
        // Now the citizen (through their app) sees when and for which province's case: two answers held them.
        var log = given().auth().oauth2(TestTokens.app("pc-covid")).contentType(ContentType.JSON).body(otherPerson)
                .post("/api/v1/tracing/access-log").then().statusCode(200).extract();
        assertEquals(List.of("venue visitors " + venue, "contacts depth 1"), log.jsonPath().getList("action"));
        assertEquals(List.of("01", "01"), log.jsonPath().getList("provinceCode"));
        assertFalse(log.asString().contains("tracer-01"), "no tracer names: " + log.asString());
        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body(otherPerson).post("/api/v1/tracing/access-log")
                .then().statusCode(403);
    }

    @Test
    void theLogHoldsNoPersonalData() throws Exception {
        Instant t = Instant.now().minus(Duration.ofHours(20)).truncatedTo(ChronoUnit.MINUTES);
        long id = scenario(t, data.venue("Quán nhậu", VenueType.RESTAURANT_CAFE));
        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/cases/" + id + "/contacts?depth=2").then().statusCode(200);
        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body("{\"person\":{\"idType\":\"PHONE\",\"number\":\"09x\"}}")
                .post("/api/v1/tracing/people/visits").then().statusCode(400);
        String log = Files.readString(Path.of("target/tracing-test.log"));
        assertTrue(log.length() > 0);
        for (String secret : List.of("0915100001", "915100001", "Đinh Thị Ca", "0915100002", "001094015100", "Bùi Văn Khách")) {
            assertFalse(log.contains(secret), secret + " in the log");
        }
    }
}
