package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import vn.qrcheckin.testsupport.TestTokens;

/** Input that must be refused with a problem naming the field, leaving what is stored as it was. */
@QuarkusTest
class BadInputTest {

    private static final String OWNER = TestTokens.owner("owner-bad-input");

    @Test
    void aChangeWithAnUnknownOrNullFieldIsRefusedAndChangesNothing() {
        long id = VenueTestData.venue().with("name", "Nhà sách Tiền Phong").createAs(OWNER).getLong("id");
        patch(id, "{\"foo\":1}").statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("foo"));
        patch(id, "{\"name\":null}").statusCode(400).body("errors[0].field", equalTo("name"));
        patch(id, "{\"ownerPhone\":null,\"type\":null}").statusCode(400).body("errors.field", hasItems("ownerPhone", "type"));
        patch(id, "[]").statusCode(400).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(OWNER).get("/api/v1/venues/" + id).then().statusCode(200).body("name", equalTo("Nhà sách Tiền Phong"));
    }

    @Test
    void unknownFieldsOfARegistrationAreRefusedNotIgnored() {
        given().auth().oauth2(OWNER).contentType(ContentType.JSON)
                .body(VenueTestData.venue().with("status", "SUSPENDED").with("id", 5).body())
                .post("/api/v1/venues").then().statusCode(400).body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("not a known field"));
    }

    @Test
    void aRepeatedKeyIsRefusedNamingTheField() {
        long id = VenueTestData.venue().createAs(OWNER).getLong("id");
        String twice = "{\"name\":\"Quán A\",\"type\":\"SHOP\",\"address\":\"1 Tô Hiệu\",\"communeCode\":\"09541\",\"ownerName\":\"An\","
                + "\"ownerPhone\":\"0912345678\",\"ownerPhone\":\"0987654321\"}";
        given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(twice).post("/api/v1/venues")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("ownerPhone"))
                .body("errors[0].message", containsString("more than once"));
        patch(id, "{\"name\":\"a\",\"name\":\"b\"}").statusCode(400).body("errors[0].field", equalTo("name"));
        String inspector = TestTokens.inspector(VenueTestData.HA_DONG);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body("{\"note\":\"a\",\"note\":\"b\"}")
                .post("/api/v1/venues/" + id + "/reminders").then().statusCode(400).body("errors[0].field", equalTo("note"));
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body("{\"reason\":\"a\",\"reason\":\"b\"}")
                .post("/api/v1/venues/" + id + "/suspend").then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body("{\"violations\":[\"NO_QR\"],\"fineVnd\":1,\"fineVnd\":2}")
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(400).body("errors[0].field", equalTo("fineVnd"));
    }

    @Test
    void valuesOfTheWrongTypeAreNotCoerced() {
        create(VenueTestData.venue().with("type", 5)).statusCode(400).body("errors[0].field", equalTo("type"))
                .body("errors[0].message", containsString("must be one of"));
        create(VenueTestData.venue().with("name", 5)).statusCode(400).body("errors[0].field", equalTo("name"));
        create(VenueTestData.venue().with("latitude", "20.97").with("longitude", 105.77)).statusCode(400)
                .body("errors[0].field", equalTo("latitude"));
    }

    @Test
    void blankAndInvisibleTextIsRefused() {
        create(VenueTestData.venue().with("name", "\u00a0\u00a0\u00a0")).statusCode(400).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("blank"));
        create(VenueTestData.venue().with("name", "Quán \u202eHTQ")).statusCode(400).body("errors[0].field", equalTo("name"));
        create(VenueTestData.venue().with("ownerName", "Nguyễn\u200bVăn An").with("address", "1\u2066 Tô Hiệu")).statusCode(400)
                .body("errors.field", hasItems("ownerName", "address"));
        // Vietnamese typed in decomposed form (NFD) is fine and stored composed.
        long id = VenueTestData.venue().with("name", "Phở Hà Nội 36").createAs(OWNER).getLong("id");
        given().auth().oauth2(OWNER).get("/api/v1/venues/" + id).then().body("name", equalTo("Phở Hà Nội 36"));
    }

    @Test
    void aNumberTooLargeForItsFieldIsNamed() {
        long id = VenueTestData.venue().createAs(OWNER).getLong("id");
        given().auth().oauth2(TestTokens.inspector(VenueTestData.HA_DONG)).contentType(ContentType.JSON)
                .body("{\"violations\":[\"NO_QR\"],\"fineVnd\":100000000000000000000000000000}")
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(400).body("errors[0].field", equalTo("fineVnd"))
                .body("errors[0].message", containsString("out of range"));
    }

    @Test
    void anInspectionRecordsTheSignedInInspector() {
        long id = VenueTestData.venue().createAs(OWNER).getLong("id");
        String inspector = TestTokens.inspector(VenueTestData.HA_DONG);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body("{\"violations\":[\"NO_QR\"]}")
                .post("/api/v1/venues/" + id + "/inspections").then().statusCode(201)
                .body("inspectorName", equalTo("inspector-" + VenueTestData.HA_DONG));
        given().auth().oauth2(inspector).get("/api/v1/venues/" + id + "/inspections").then()
                .body("inspectorName", hasItem("inspector-" + VenueTestData.HA_DONG));
    }

    private static ValidatableResponse patch(long id, String body) {
        return given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(body).patch("/api/v1/venues/" + id).then();
    }

    private static ValidatableResponse create(VenueTestData venue) {
        return given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(venue.body()).post("/api/v1/venues").then();
    }
}
