package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class CheckinBatchTest {

    @Inject
    TestVenues venues;

    @Test
    void aBadItemNeverLosesTheGoodOnes() {
        long a = venues.publish(venues.newVenueId(), "Bến xe Yên Nghĩa", "ACTIVE", "owner-b1");
        long b = venues.publish(venues.newVenueId(), "Bệnh viện Hà Đông", "ACTIVE", "owner-b2");
        List<CheckinTestData> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            CheckinTestData c = CheckinTestData.checkin(venues.qr(i % 2 == 0 ? a : b));
            if (i % 10 == 3) {
                c.person("number", "0000");
            }
            if (i % 10 == 7) {
                c.with("qr", "https://qr.example.gov.vn/q/AAAA");
            }
            items.add(c);
        }
        items.add(items.get(0)); // the same id twice in one batch: one check-in
        JsonPath r = given().auth().oauth2(TestTokens.app(CheckinTestData.APP)).contentType(ContentType.JSON)
                .body(Map.of("items", items.stream().map(CheckinTestData::body).toList()))
                .post("/api/v1/checkins/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(241, r.getInt("accepted"));
        assertEquals(60, r.getInt("rejected"));
        for (int i = 0; i < 300; i++) {
            String status = r.getString("results[" + i + "].status");
            if (i % 10 == 3) {
                assertEquals("REJECTED", status);
                assertEquals("items[" + i + "].person.number", r.getString("results[" + i + "].errors[0].field"));
                assertTrue(venues.appendedFor(items.get(i).id()).isEmpty());
            } else if (i % 10 == 7) {
                assertEquals("REJECTED", status);
                assertEquals("items[" + i + "].qr", r.getString("results[" + i + "].errors[0].field"));
            } else {
                assertEquals("ACCEPTED", status, "item " + i);
                assertEquals(1, venues.appendedFor(items.get(i).id()).size(), "item " + i);
            }
        }
        assertEquals(r.getString("results[0].acceptedAt"), r.getString("results[300].acceptedAt"), "repeat answers the first");
    }

    @Test
    void batchLimitsAreProblems() {
        long a = venues.publish(venues.newVenueId(), "Chùa Tổng", "ACTIVE", "owner-b3");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(CheckinTestData.checkin(venues.qr(a)).body());
        }
        given().auth().oauth2(TestTokens.app(CheckinTestData.APP)).contentType(ContentType.JSON).body(Map.of("items", tooMany))
                .post("/api/v1/checkins/batch").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.app(CheckinTestData.APP)).contentType(ContentType.JSON).body(Map.of("items", List.of()))
                .post("/api/v1/checkins/batch").then().statusCode(400).contentType("application/problem+json");
        assertTrue(venues.appended().stream().noneMatch(e -> e.contains("\"id\":\"" + tooMany.get(0).get("id") + "\"")));
    }
}
