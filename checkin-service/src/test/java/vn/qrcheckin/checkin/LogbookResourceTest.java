package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class LogbookResourceTest {

    @Inject
    TestVenues venues;

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
}
