package vn.qrcheckin.tracing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The tracers' screen as tracing-service serves it behind the gateway: the page for a bearer token of a tracer (naming
 * the tracer's province, offering only it) or an admin (every province), refused as a problem to anyone else; its
 * script and styles public; a policy that lets nothing inline run.
 */
@QuarkusTest
class TracerPageTest {

    private static final Pattern OPTION = Pattern.compile("<option value=\"(\\d{2})\">([^<]*)</option>");

    @Test
    void aTracerGetsThePageOfTheirProvinceLinkingItsAssets() {
        Response page = given().auth().oauth2(TestTokens.tracer("01")).accept("text/html").get("/tracer").then().statusCode(200)
                .contentType(startsWith("text/html")).header("Cache-Control", "no-store").header("X-Frame-Options", "DENY").extract().response();
        String html = page.asString();
        // Hà Nội is province 01 in the official set (contracts' admin-units file).
        assertTrue(html.contains("<span id=\"area-name\">Thành phố Hà Nội</span>"), html);
        assertTrue(html.contains("<script src=\"/tracer/assets/tracer.js\" defer></script>"), html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/tracer/assets/tracer.css\">"), html);
        assertTrue(html.contains("href=\"/logout\""), "the gateway's sign-out");
        // The tracer may open cases of their own province only: the form offers no other.
        assertEquals(List.of("01"), provinces(html));
        // Nothing inline: no script body, no inline handler, no style attribute.
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "an inline script");
        assertFalse(Pattern.compile("\\son[a-z]+=|\\sstyle=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "an inline handler or style");

        String csp = page.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
    }

    @Test
    void anAdminChoosesAmongEveryProvince() {
        String html = given().auth().oauth2(TestTokens.admin()).get("/tracer").then().statusCode(200).extract().asString();
        List<String> codes = provinces(html);
        // The 2021 set: 63 provinces, Hà Nội 01 first, Cà Mau 96 last.
        assertEquals(63, codes.size(), codes.toString());
        assertEquals("01", codes.get(0));
        assertEquals("96", codes.get(codes.size() - 1));
        assertTrue(html.contains("<option value=\"79\">Thành phố Hồ Chí Minh</option>"), html);
        assertTrue(html.contains("<span id=\"area-name\">Toàn quốc</span>"), html);
    }

    @Test
    void othersAreRefusedAsProblems() {
        given().redirects().follow(false).get("/tracer").then().statusCode(401);
        given().auth().oauth2(TestTokens.operator("01")).get("/tracer").then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403));
        given().auth().oauth2(TestTokens.inspector("01")).get("/tracer").then().statusCode(403);
        // A tracer whose token names no province has no page to work in (as the API refuses them).
        given().auth().oauth2(TestTokens.withRoles("tracer-nowhere", "tracer")).get("/tracer").then().statusCode(403)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("area"));
        given().auth().oauth2("not-a-token").get("/tracer").then().statusCode(401);
    }

    @Test
    void theAssetsArePublic() {
        String js = given().get("/tracer/assets/tracer.js").then().statusCode(200).contentType(containsString("javascript")).extract().asString();
        // The script the page runs: it reads the tracing API, and builds text without parsing HTML.
        assertTrue(js.contains("/api/v1/tracing/cases"), "talks to the tracing API");
        assertFalse(js.contains("innerHTML"), "API text is never parsed as HTML");
        given().get("/tracer/assets/tracer.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/tracer/assets/nothing.js").then().statusCode(404);
        given().auth().oauth2(TestTokens.tracer("01")).get("/tracer/assets/tracer.js").then().statusCode(200).body(not(""));
    }

    private static List<String> provinces(String html) {
        Matcher m = OPTION.matcher(html);
        List<String> codes = new java.util.ArrayList<>();
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
