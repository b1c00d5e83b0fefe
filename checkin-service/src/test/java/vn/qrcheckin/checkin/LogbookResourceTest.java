package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class LogbookResourceTest {

    @Inject
    TestVenues venues;

    @Inject
    ObjectMapper json;

    @Test
    void logbookRowsAreRecordedOnceEvenWhenTypedTwice() {
        long venue = venues.publish(venues.newVenueId(), "Chợ Đồng Xuân", "ACTIVE", "owner-lb");
        String at = Instant.now().minusSeconds(3600).toString();
        Map<String, Object> page = Map.of("venueId", venue, "rows", List.of(
                Map.of("person", Map.of("idType", "PHONE", "number", "0911000111", "name", "Đỗ Thị Lan"), "occurredAt", at),
                Map.of("person", Map.of("idType", "CCCD", "number", "001200000111"), "occurredAt", at, "direction", "OUT"),
                Map.of("person", Map.of("idType", "PHONE", "number", "12"), "occurredAt", at)));
        JsonPath first = given().auth().oauth2(TestTokens.operator("268")).contentType(ContentType.JSON).body(page)
                .post("/api/v1/logbook").then().statusCode(200).body("accepted", equalTo(2)).body("rejected", equalTo(1))
                .extract().jsonPath();
        assertEquals("rows[2].person.number", first.getString("results[2].errors[0].field"));
        String id = first.getString("results[0].id");
        assertTrue(id.startsWith("lb-") && !id.contains("0911000111"), id);
        assertTrue(venues.appendedFor(id).get(0).contains("\"channel\":\"LOGBOOK\""));
        // The same page again (by the owner this time): the same check-ins, nothing new.
        int before = venues.appended().size();
        JsonPath again = given().auth().oauth2(TestTokens.owner("owner-lb")).contentType(ContentType.JSON).body(page)
                .post("/api/v1/logbook").then().statusCode(200).extract().jsonPath();
        assertEquals(first.getString("results[0].acceptedAt"), again.getString("results[0].acceptedAt"));
        assertEquals(before, venues.appended().size());
        // Outside one's area or venues: the page is refused whole, nothing recorded.
        given().auth().oauth2(TestTokens.operator("79")).contentType(ContentType.JSON).body(page).post("/api/v1/logbook")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.owner("someone")).contentType(ContentType.JSON).body(page).post("/api/v1/logbook")
                .then().statusCode(403).contentType("application/problem+json");
        // A venue nobody knows.
        Map<String, Object> unknown = Map.of("venueId", venues.newVenueId(), "rows", page.get("rows"));
        given().auth().oauth2(TestTokens.operator("268")).contentType(ContentType.JSON).body(unknown).post("/api/v1/logbook")
                .then().statusCode(404).contentType("application/problem+json");
        assertEquals(before, venues.appended().size());
        given().auth().oauth2(TestTokens.operator("268")).contentType(ContentType.JSON).body(Map.of("venueId", venue))
                .post("/api/v1/logbook").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void oneNumberSpelledTwoWaysIsOnePersonAndOneCheckin() throws Exception {
        long venue = venues.publish(venues.newVenueId(), "Nhà văn hoá tổ 5", "ACTIVE", "owner-lb2");
        String at = Instant.now().minusSeconds(1800).toString();
        Map<String, Object> page = Map.of("venueId", venue, "rows", List.of(
                Map.of("person", Map.of("idType", "PHONE", "number", "0911 000 111"), "occurredAt", at),
                Map.of("person", Map.of("idType", "PHONE", "number", "0911000111"), "occurredAt", at, "direction", "IN")));
        JsonPath first = enter(page);
        assertEquals(first.getString("results[0].id"), first.getString("results[1].id"), "one person, one row");
        String id = first.getString("results[0].id");
        assertEquals(1, venues.appendedFor(id).size());
        // Typed in again with the international spelling, and the time written with the local offset.
        String atLocal = OffsetDateTime.ofInstant(Instant.parse(at), ZoneOffset.ofHours(7)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        JsonPath retry = enter(Map.of("venueId", venue, "rows", List.of(
                Map.of("person", Map.of("idType", "PHONE", "number", "+84 911.000.111"), "occurredAt", atLocal))));
        assertEquals(id, retry.getString("results[0].id"));
        assertEquals(first.getString("results[0].acceptedAt"), retry.getString("results[0].acceptedAt"));
        assertEquals(1, venues.appendedFor(id).size());
        assertEquals("0911000111", venues.opened(venues.appendedFor(id).get(0), "number"));
        // Another person, or another direction, is another check-in.
        JsonPath other = enter(Map.of("venueId", venue, "rows", List.of(
                Map.of("person", Map.of("idType", "PHONE", "number", "0911000112"), "occurredAt", at),
                Map.of("person", Map.of("idType", "PHONE", "number", "0911000111"), "occurredAt", at, "direction", "OUT"))));
        assertNotEquals(id, other.getString("results[0].id"));
        assertNotEquals(id, other.getString("results[1].id"));
    }

    @Test
    void rowsWithoutATimeAreOfTheDayTheyAreTypedIn() throws Exception {
        long venue = venues.publish(venues.newVenueId(), "Bưu điện xã", "ACTIVE", "owner-lb3");
        Map<String, Object> page = Map.of("venueId", venue, "rows", List.of(Map.of("person", Map.of("idType", "CCCD", "number", "001200000222"))));
        String yesterday;
        try {
            TestClock.shift(Duration.ofDays(-1));
            yesterday = enter(page).getString("results[0].id");
        } finally {
            TestClock.reset();
        }
        String today = enter(page).getString("results[0].id");
        assertNotEquals(yesterday, today, "the same person on two days is two check-ins");
        assertEquals(today, enter(page).getString("results[0].id"), "the same page again today is the same check-in");
        assertEquals(1, venues.appendedFor(yesterday).size());
        assertEquals(1, venues.appendedFor(today).size());
        ZoneId vn = ZoneId.of("Asia/Ho_Chi_Minh");
        LocalDate dayBefore = LocalDate.ofInstant(Instant.parse(json.readTree(venues.appendedFor(yesterday).get(0)).get("occurredAt").asText()), vn);
        LocalDate day = LocalDate.ofInstant(Instant.parse(json.readTree(venues.appendedFor(today).get(0)).get("occurredAt").asText()), vn);
        assertEquals(LocalDate.now(vn), day);
        assertEquals(day.minusDays(1), dayBefore, "a row without a time happened when it was typed in");
    }

    private static JsonPath enter(Map<String, Object> page) {
        return given().auth().oauth2(TestTokens.operator("268")).contentType(ContentType.JSON).body(page).post("/api/v1/logbook").then()
                .statusCode(200).body("rejected", equalTo(0)).extract().jsonPath();
    }
}
