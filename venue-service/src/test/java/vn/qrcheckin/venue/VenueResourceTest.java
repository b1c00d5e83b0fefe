package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class VenueResourceTest {

    @Test
    void ownerRegistersVenueAndGetsSignedQrContent() {
        JsonPath v = VenueTestData.venue().with("name", "  Cà phê Mộc Miên  ").createAs(TestTokens.owner("owner-reg"));
        assertEquals("Cà phê Mộc Miên", v.getString("name"), "trimmed");
        assertEquals("0912345678", v.getString("owner.phone"), "+84 normalised");
        assertEquals(VenueTestData.MO_LAO, v.getString("communeCode"));
        assertEquals(VenueTestData.HA_DONG, v.getString("districtCode"));
        assertEquals(VenueTestData.HA_NOI, v.getString("provinceCode"));
        assertEquals(60, v.getInt("defaultDwellMinutes"));
        assertEquals("ACTIVE", v.getString("status"));
        assertEquals(List.of("Thành phố Hà Nội", "Quận Hà Đông", "Phường Mộ Lao"), v.getList("area.name"));
        String content = v.getString("qr.content");
        assertTrue(content.startsWith("http://localhost:8080/q/"), content);
        // The token verifies with the published keys and names this venue and commune.
        QrVerification.Claims claims = QrVerification.verifyWithPublishedKeys(content);
        assertEquals(v.getLong("id"), claims.venueId());
        assertEquals(VenueTestData.MO_LAO, claims.communeCode());

        given().auth().oauth2(TestTokens.owner("owner-reg")).get("/api/v1/venues/" + v.getLong("id"))
                .then().statusCode(200).body("name", equalTo("Cà phê Mộc Miên")).body("qr.content", equalTo(content));
    }

    @Test
    void badInputIsAProblemNamingEachField() {
        String owner = TestTokens.owner("owner-bad");
        expectProblem(owner, VenueTestData.venue().with("communeCode", "99999").body(), "communeCode");
        expectProblem(owner, VenueTestData.venue().with("communeCode", VenueTestData.HA_DONG).body(), "communeCode");
        expectProblem(owner, VenueTestData.venue().with("name", "   ").body(), "name");
        expectProblem(owner, VenueTestData.venue().without("name").body(), "name");
        expectProblem(owner, VenueTestData.venue().with("ownerPhone", "12345").body(), "ownerPhone");
        expectProblem(owner, VenueTestData.venue().with("type", "CASINO").body(), "type");
        expectProblem(owner, VenueTestData.venue().with("latitude", 48.85).with("longitude", 2.35).body(), "latitude");
        expectProblem(owner, VenueTestData.venue().with("latitude", 21.0).body(), "longitude");
        expectProblem(owner, VenueTestData.venue().with("name", "x".repeat(201)).body(), "name");
        expectProblem(owner, VenueTestData.venue().with("latitude", "north").with("longitude", 105.0).body(), "latitude");

        given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"name\": \"Phở\", ")
                .post("/api/v1/venues")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
        given().auth().oauth2(owner).contentType(ContentType.JSON).body("")
                .post("/api/v1/venues")
                .then().statusCode(400).contentType("application/problem+json");
        // Several mistakes at once are all named.
        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body(VenueTestData.venue().with("name", "").with("ownerPhone", "abc").with("communeCode", "1").body())
                .post("/api/v1/venues")
                .then().statusCode(400).body("errors.field", hasSize(3));
        // Nothing of the above was stored.
        given().auth().oauth2(owner).get("/api/v1/venues").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void unknownIdsAndBadParametersAreProblems() {
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).get("/api/v1/venues/987654321").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(admin).get("/api/v1/venues/abc").then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().auth().oauth2(admin).get("/api/v1/venues?type=CASINO").then().statusCode(400).body("errors[0].field", equalTo("type"));
        given().auth().oauth2(admin).get("/api/v1/venues?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(admin).get("/api/v1/venues?area=zz").then().statusCode(400).body("errors[0].field", equalTo("area"));
        given().auth().oauth2(admin).get("/api/v1/venues?after=x").then().statusCode(400).body("errors[0].field", equalTo("after"));
    }

    @Test
    void securityNeedsAValidTokenAndTheRightArea() {
        long hanoiVenue = VenueTestData.venue().createAs(TestTokens.owner("owner-sec")).getLong("id");
        given().get("/api/v1/venues/" + hanoiVenue).then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/v1/venues/" + hanoiVenue).then().statusCode(401);
        // An operator of Thành phố Hồ Chí Minh may not see or change a Hà Nội venue.
        String hcm = TestTokens.operator(VenueTestData.HO_CHI_MINH);
        given().auth().oauth2(hcm).get("/api/v1/venues/" + hanoiVenue)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(hcm).contentType(ContentType.JSON).body(Map.of("name", "Hijacked"))
                .patch("/api/v1/venues/" + hanoiVenue).then().statusCode(403);
        given().auth().oauth2(hcm).get("/api/v1/venues?area=" + VenueTestData.HA_NOI).then().statusCode(403);
        given().auth().oauth2(hcm).contentType(ContentType.JSON).body(VenueTestData.venue().body())
                .post("/api/v1/venues").then().statusCode(403);
        // Hà Nội's and Hà Đông's operators may; so may the owner; another owner may not.
        given().auth().oauth2(TestTokens.operator(VenueTestData.HA_NOI)).get("/api/v1/venues/" + hanoiVenue).then().statusCode(200);
        given().auth().oauth2(TestTokens.operator(VenueTestData.HA_DONG)).get("/api/v1/venues/" + hanoiVenue).then().statusCode(200);
        given().auth().oauth2(TestTokens.owner("someone-else")).get("/api/v1/venues/" + hanoiVenue).then().statusCode(403);
        // A role that has nothing to do here, and staff without an area claim.
        given().auth().oauth2(TestTokens.withRoles("citizen", "user")).get("/api/v1/venues/" + hanoiVenue).then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles("op-no-area", "operator")).get("/api/v1/venues").then().statusCode(403);
        // Inspectors may read but not edit.
        given().auth().oauth2(TestTokens.inspector(VenueTestData.HA_NOI)).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .patch("/api/v1/venues/" + hanoiVenue).then().statusCode(403);
    }

    @Test
    void patchChangesOnlyTheFieldsSentAndMovingReissuesTheCode() {
        String owner = TestTokens.owner("owner-patch");
        JsonPath v = VenueTestData.venue().createAs(owner);
        long id = v.getLong("id");
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("name", "Tiệm Bánh Mì Phượng", "type", "SHOP"))
                .patch("/api/v1/venues/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Tiệm Bánh Mì Phượng")).body("type", equalTo("SHOP")).body("defaultDwellMinutes", equalTo(20))
                .body("address", equalTo("36 Tô Hiệu")).body("qr.content", equalTo(v.getString("qr.content")));
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("ownerPhone", "not a phone"))
                .patch("/api/v1/venues/" + id).then().statusCode(400).body("errors[0].field", equalTo("ownerPhone"));
        String moved = given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("communeCode", VenueTestData.PHUC_XA))
                .patch("/api/v1/venues/" + id)
                .then().statusCode(200).body("districtCode", equalTo("001")).extract().path("qr.content");
        assertEquals(VenueTestData.PHUC_XA, QrVerification.verifyWithPublishedKeys(moved).communeCode());
    }

    @Test
    void listingPagesByKeysetWithinTheCallersScope() {
        String owner = TestTokens.owner("owner-list");
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(VenueTestData.venue().with("name", "Nhà thuốc Trường Thọ " + i).with("type", "PHARMACY").createAs(owner).getLong("id"));
        }
        VenueTestData.venue().with("name", "Siêu thị Trường Thọ").with("type", "SUPERMARKET").createAs(owner);
        List<Long> seen = new ArrayList<>();
        String after = "";
        do {
            JsonPath page = given().auth().oauth2(owner).queryParam("type", "pharmacy").queryParam("q", "truong tho")
                    .queryParam("limit", 3).queryParam("after", after)
                    .get("/api/v1/venues").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            after = page.getString("nextAfter");
        } while (after != null);
        assertEquals(created, seen, "every pharmacy once, in id order");
        // Another owner sees none of them; an admin filtering by commune sees them.
        given().auth().oauth2(TestTokens.owner("owner-other")).get("/api/v1/venues?q=truong%20tho").then().body("items", hasSize(0));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/venues?area=" + VenueTestData.MO_LAO + "&q=trường thọ&limit=500")
                .then().statusCode(200).body("items", hasSize(8));
        given().auth().oauth2(TestTokens.operator(VenueTestData.HO_CHI_MINH)).get("/api/v1/venues?q=truong tho")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void suspendAndReinstate() {
        long id = VenueTestData.venue().createAs(TestTokens.owner("owner-susp")).getLong("id");
        String inspector = TestTokens.inspector(VenueTestData.HA_DONG);
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/venues/" + id + "/suspend").then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of("reason", "Không yêu cầu quét mã"))
                .post("/api/v1/venues/" + id + "/suspend")
                .then().statusCode(200).body("status", equalTo("SUSPENDED")).body("suspensionReason", startsWith("Không"));
        given().auth().oauth2(inspector).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/api/v1/venues/" + id + "/suspend").then().statusCode(409);
        given().auth().oauth2(TestTokens.owner("owner-susp")).post("/api/v1/venues/" + id + "/reinstate").then().statusCode(403);
        given().auth().oauth2(inspector).post("/api/v1/venues/" + id + "/reinstate")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        JsonPath after = given().auth().oauth2(TestTokens.admin()).get("/api/v1/venues/" + id).then().extract().jsonPath();
        assertNull(after.get("suspensionReason"));
    }

    @Test
    void openApiDocumentsTheVersionedRoutesWithExamples() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/venues"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/admin-units"))
                .body(containsString("Phở Hà Nội 36"));
    }

    private static void expectProblem(String token, Map<String, Object> body, String field) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/venues")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem(field));
    }
}
