package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The inspectors' screen as venue-service serves it behind the gateway: a page for a bearer token of an inspector (or
 * an admin) only, naming the inspector's area, with its script and styles as public static files and a policy that
 * lets nothing inline run. What it offers to record is what the inspection API takes.
 */
@QuarkusTest
class InspectorPageTest {

    private static final String INSPECTOR = TestTokens.inspector(VenueTestData.HA_DONG);

    private static Response page(String token) {
        return (token == null ? given() : given().auth().oauth2(token)).accept("text/html").get("/inspector");
    }

    @Test
    void anInspectorGetsThePageOfItsArea() {
        Response r = page(INSPECTOR);
        r.then().statusCode(200).contentType(startsWith("text/html")).header("Cache-Control", "no-store");
        String html = r.asString();
        // Hà Đông by its name in the administrative-unit data set, and its code for the page's calls.
        assertTrue(html.contains("Quận Hà Đông"), html);
        assertTrue(html.contains("data-area=\"268\""), html);
        assertTrue(html.contains("<script src=\"/inspector/assets/inspector.js\" defer></script>"), html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/inspector/assets/inspector.css\">"), html);
        assertTrue(html.contains("href=\"/api/v1/public/non-compliant-venues?area=268\""), "the public list of the area: " + html);
        assertTrue(html.contains("href=\"/logout\""), "the gateway's sign-out: " + html);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<html lang=\"vi\">"), "Vietnamese first");
    }

    @Test
    void anAdminGetsThePageForTheWholeCountry() {
        Response r = page(TestTokens.admin());
        r.then().statusCode(200).contentType(startsWith("text/html"));
        assertTrue(r.asString().contains("Toàn quốc"));
        assertTrue(r.asString().contains("href=\"/api/v1/public/non-compliant-venues\""), r.asString());
    }

    @Test
    void otherRolesAndStrangersAreRefusedWithProblems() {
        page(TestTokens.operator(VenueTestData.HA_NOI)).then().statusCode(403).contentType("application/problem+json");
        page(TestTokens.owner("owner-page")).then().statusCode(403).contentType("application/problem+json");
        page(TestTokens.tracer(VenueTestData.HA_NOI)).then().statusCode(403).contentType("application/problem+json");
        page(null).then().statusCode(401).contentType("application/problem+json");
        page("not-a-token").then().statusCode(401);
        // An inspector whose token names no area has nothing to inspect.
        page(TestTokens.withRoles("inspector-nowhere", "inspector")).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("no area"));
    }

    @Test
    void thePageTakesOnlyGet() {
        given().auth().oauth2(INSPECTOR).contentType(ContentType.JSON).body("{}").post("/inspector").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", containsString("GET"));
        given().auth().oauth2(INSPECTOR).delete("/inspector").then().statusCode(405);
    }

    @Test
    void nothingInlineRunsAndNoOtherSiteFramesThePage() {
        Response r = page(INSPECTOR);
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "CSP: " + csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", r.header("X-Frame-Options"));
        String html = r.asString();
        // Under that policy an inline script, handler or style would not run: the page has none.
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src=\"/inspector/assets/"), "a script from the assets only: " + scripts.group());
            count++;
        }
        assertEquals(1, count);
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no inline event handler");
        assertFalse(html.contains("style="), "no inline style");
        assertFalse(html.contains("<style"), "no style element");
    }

    @Test
    void theAssetsArePublicStaticFiles() {
        given().get("/inspector/assets/inspector.js").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.anyOf(startsWith("text/javascript"), startsWith("application/javascript")))
                .body(containsString("/api/v1/venues"));
        given().get("/inspector/assets/inspector.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/inspector/assets/no-such-file.js").then().statusCode(404);
    }

    @Test
    void theInspectorsNameIsTextNotMarkup() {
        String token = Jwt.issuer(TestTokens.ISSUER).subject("inspector-markup").preferredUserName("inspector-markup")
                .claim("name", "<img src=x onerror=alert(1)>").groups(Set.of("inspector")).claim("area", VenueTestData.HA_DONG)
                .expiresIn(3600).sign();
        String html = page(token).then().statusCode(200).extract().asString();
        assertFalse(html.contains("<img src=x"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
    }

    @Test
    void everyViolationThePageOffersIsOneTheInspectionApiTakes() {
        String html = page(INSPECTOR).asString();
        Matcher boxes = Pattern.compile("<input type=\"checkbox\" name=\"violation\" value=\"([^\"]+)\"").matcher(html);
        List<String> offered = new java.util.ArrayList<>();
        while (boxes.find()) {
            offered.add(boxes.group(1));
        }
        // The three kinds the rules name (DESIGN.md), and "other".
        assertEquals(List.of("NO_QR", "WRONG_TEMPLATE", "NOT_ENFORCING_SCAN", "OTHER"), offered);
        long id = VenueTestData.venue().createAs(TestTokens.owner("owner-page")).getLong("id");
        for (String kind : offered) {
            given().auth().oauth2(INSPECTOR).contentType(ContentType.JSON).body(Map.of("violations", List.of(kind), "fineVnd", 7_500_000))
                    .post("/api/v1/venues/" + id + "/inspections").then().statusCode(201).body("violations", equalTo(List.of(kind)));
        }
        // The last one stands on the public list, without the owner's phone.
        given().get("/api/v1/public/non-compliant-venues?area=" + VenueTestData.HA_DONG + "&limit=500").then().statusCode(200)
                .body("items.find { it.id == " + id + " }.violations", equalTo(List.of("OTHER")))
                .body(not(containsString("912 345 678")));
    }
}
