package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class InspectionResourceTest {

    private static final String INSPECTOR = TestTokens.inspector(VenueTestData.HA_DONG);

    @Test
    void threeRemindersWithoutACompliantInspectionFlagTheVenue() {
        long id = VenueTestData.venue().createAs(TestTokens.owner("owner-remind")).getLong("id");
        remind(id).body("remindersSinceCompliance", equalTo(1)).body("flaggedForSuspension", equalTo(false));
        remind(id).body("remindersSinceCompliance", equalTo(2)).body("flaggedForSuspension", equalTo(false));
        // A compliant inspection in between starts the count again.
        inspect(id, Map.of("inspectorName", "Trần Thị Bình")).statusCode(201).body("result", equalTo("COMPLIANT"));
        remind(id).body("remindersSinceCompliance", equalTo(1));
        remind(id).body("remindersSinceCompliance", equalTo(2));
        remind(id).body("remindersSinceCompliance", equalTo(3)).body("flaggedForSuspension", equalTo(true));
        given().auth().oauth2(INSPECTOR).get("/api/v1/venues/" + id)
                .then().body("compliance.flaggedForSuspension", equalTo(true)).body("status", equalTo("ACTIVE"));
        given().get("/api/v1/public/non-compliant-venues?area=" + VenueTestData.HA_DONG + "&limit=500")
                .then().statusCode(200).body("items.id", hasItem((int) id));
    }

    @Test
    void violationsFinesAndThePublicList() {
        long id = VenueTestData.venue().with("name", "Karaoke Ánh Dương").createAs(TestTokens.owner("owner-fine")).getLong("id");
        long clean = VenueTestData.venue().with("name", "Tiệm sách Mộc").createAs(TestTokens.owner("owner-fine")).getLong("id");
        inspect(id, Map.of("violations", List.of("NO_QR", "NOT_ENFORCING_SCAN"), "fineVnd", 7_500_000, "note", "Không có mã QR"))
                .statusCode(201).body("result", equalTo("NON_COMPLIANT")).body("fineVnd", equalTo(7_500_000));
        inspect(clean, Map.of()).statusCode(201);
        given().get("/api/v1/public/non-compliant-venues?area=" + VenueTestData.HA_NOI + "&limit=500").then().statusCode(200)
                .body("items.find { it.id == " + id + " }.violations", equalTo(List.of("NO_QR", "NOT_ENFORCING_SCAN")))
                .body("items.find { it.id == " + id + " }.name", equalTo("Karaoke Ánh Dương"))
                .body("items.find { it.id == " + id + " }", not(org.hamcrest.Matchers.hasKey("owner")))
                .body("items.id", not(hasItem((int) clean)));
        given().get("/api/v1/public/non-compliant-venues?area=" + VenueTestData.HO_CHI_MINH).then().body("items.id", not(hasItem((int) id)));
        given().auth().oauth2(INSPECTOR).get("/api/v1/venues/" + id + "/inspections").then().statusCode(200)
                .body("[0].violations", equalTo(List.of("NO_QR", "NOT_ENFORCING_SCAN")));
        // Fixed: a compliant inspection takes the venue off the list.
        inspect(id, Map.of()).statusCode(201);
        given().get("/api/v1/public/non-compliant-venues?area=" + VenueTestData.HA_NOI + "&limit=500").then().body("items.id", not(hasItem((int) id)));
    }

    @Test
    void inspectionsAreCheckedAndScoped() {
        long id = VenueTestData.venue().createAs(TestTokens.owner("owner-insp")).getLong("id");
        inspect(id, Map.of("result", "NON_COMPLIANT")).statusCode(400).body("errors.field", hasItem("violations"));
        inspect(id, Map.of("violations", List.of("SMOKING"))).statusCode(400).body("errors.field", hasItem("violations[0]"));
        inspect(id, Map.of("violations", List.of("NO_QR"), "fineVnd", -1)).statusCode(400).body("errors.field", hasItem("fineVnd"));
        inspect(id, Map.of("inspectedAt", "2099-01-01T00:00:00Z")).statusCode(400).body("errors.field", hasItem("inspectedAt"));
        inspect(id, Map.of("inspectedAt", "yesterday")).statusCode(400).body("errors.field", hasItem("inspectedAt"));
        given().auth().oauth2(TestTokens.inspector(VenueTestData.HO_CHI_MINH)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(403);
        given().auth().oauth2(TestTokens.operator(VenueTestData.HA_NOI)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(403);
        given().auth().oauth2(TestTokens.owner("owner-insp")).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/venues/" + id + "/reminders").then().statusCode(403);
        given().auth().oauth2(INSPECTOR).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/venues/424242424/reminders").then().statusCode(404);
        given().auth().oauth2(TestTokens.owner("owner-insp")).get("/api/v1/venues/" + id + "/inspections")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    private static io.restassured.response.ValidatableResponse inspect(long id, Map<String, Object> body) {
        return given().auth().oauth2(INSPECTOR).contentType(ContentType.JSON).body(body)
                .post("/api/v1/venues/" + id + "/inspections").then();
    }

    private static io.restassured.response.ValidatableResponse remind(long id) {
        return given().auth().oauth2(INSPECTOR).contentType(ContentType.JSON).body(Map.of("note", "Nhắc nhở lần"))
                .post("/api/v1/venues/" + id + "/reminders").then().statusCode(201);
    }
}
