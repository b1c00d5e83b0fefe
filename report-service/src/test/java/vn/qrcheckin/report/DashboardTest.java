package vn.qrcheckin.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.report.ReportData.Scan;
import vn.qrcheckin.report.messaging.ReportSink;
import vn.qrcheckin.report.messaging.VenueRollup;
import vn.qrcheckin.testsupport.HeadlessChromium;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The dashboard in a real headless Chromium, signed in through the authorization-code flow against the OIDC test
 * server (its sign-in form, a code, tokens signed with its key and checked by the service): it starts at the
 * official's area, drilling down changes the figures to what the test seeded, English relabels it, an export
 * downloads and parses, signing out signs out. Figures are checked against counts of the seeded check-ins.
 */
@QuarkusTest
class DashboardTest {

    private static final String CLIENT_ID = "report-dashboard";
    private static final String INJECTED = "=cmd|' /C calc'!A0";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Inject
    ReportData data;
    @Inject
    ReportSink sink;
    @Inject
    VenueRollup venues;

    @OidcWireMock
    WireMockServer oidc;

    @TestHTTPResource("/")
    URI root;

    private LocalDate day;
    private final List<Scan> scans = new ArrayList<>();

    /** Staff accounts the sign-in form knows: user name to area. */
    private static final Map<String, String> STAFF = Map.of("operator-hanoi", ReportData.HA_NOI, "operator-hcm", ReportData.HCM);

    @BeforeEach
    void seedAndStubTheSignIn() {
        data.forgetEverything();
        ZoneId vietnam = ZoneId.of("Asia/Ho_Chi_Minh");
        day = LocalDate.now(vietnam).minusDays(1);
        Instant at = day.atTime(10, 0).atZone(vietnam).toInstant();
        // Hà Nội: three scans by two people in Mộ Lao (district Hà Đông), two by one other person in Phúc Xá (Ba Đình).
        scans.clear();
        scans.add(scan(ReportData.MO_LAO, "p-dash-1", at));
        scans.add(scan(ReportData.MO_LAO, "p-dash-2", at.plusSeconds(60)));
        scans.add(scan(ReportData.MO_LAO, "p-dash-1", at.plusSeconds(3600)));
        scans.add(scan("00001", "p-dash-3", at.plusSeconds(120)));
        scans.add(scan("00001", "p-dash-3", at.plusSeconds(7200)));
        sink.write(scans.stream().map(ReportData::entry).toList()).await().indefinitely();
        // A registered venue in Mộ Lao that never scans, named to run a command in a spreadsheet.
        long quiet = ReportData.newVenueId();
        var v = ReportData.venue(quiet, ReportData.MO_LAO, null, null, at.minus(Duration.ofDays(30)), false, false, 1);
        venues.apply(List.of(new VenueEvent(v.eventId(), v.type(), quiet, INJECTED, v.venueType(), v.defaultDwellMinutes(), v.communeCode(), null,
                null, v.status(), v.ownerSubject(), v.occurredAt(), 1, v.schema(), v.registeredAt(), false))).await().indefinitely();

        // The sign-in form posts the user name; the code names the user; the token endpoint answers that user's tokens.
        oidc.stubFor(get(urlPathEqualTo("/login")).atPriority(1).willReturn(aResponse().withStatus(302).withTransformers("response-template")
                .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=code-for-{{request.query.username}}")));
        for (Map.Entry<String, String> staff : STAFF.entrySet()) {
            oidc.stubFor(post(urlPathEqualTo("/auth/realms/quarkus/token")).atPriority(1)
                    .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=code-for-" + staff.getKey() + "&"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(tokens(staff.getKey(), staff.getValue()))));
        }
        oidc.stubFor(get(urlPathEqualTo("/auth/realms/quarkus/protocol/openid-connect/end-session")).atPriority(1).willReturn(aResponse()
                .withStatus(302).withTransformers("response-template").withHeader("Location", "{{request.query.post_logout_redirect_uri}}")));
    }

    private static Scan scan(String commune, String person, Instant at) {
        return new Scan(ReportData.newId("dash"), ReportData.newVenueId(), commune, null, null, person, Direction.IN, at, null);
    }

    /** What Keycloak answers for the dashboard's client: the ID token carries the roles ("groups") and the area. */
    private static String tokens(String user, String area) {
        String id = Jwt.issuer(TestTokens.ISSUER).subject("sub-" + user).audience(CLIENT_ID).preferredUserName(user).groups(Set.of("operator"))
                .claim("area", area).expiresIn(3600).sign();
        String access = Jwt.issuer(TestTokens.ISSUER).subject("sub-" + user).groups(Set.of("operator")).claim("area", area).expiresIn(3600).sign();
        return "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id + "\",\"refresh_token\":\"r-" + user
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }

    /** Independent expectations: the seeded check-ins counted here, not by the service. */
    private long scansIn(Set<String> communes) {
        return scans.stream().filter(s -> communes.contains(s.commune())).count();
    }

    private long peopleIn(Set<String> communes) {
        return scans.stream().filter(s -> communes.contains(s.commune())).map(Scan::person).distinct().count();
    }

    @Test
    void anOperatorSignsInDrillsDownSwitchesToEnglishAndDownloads() throws Exception {
        Path downloads = Files.createTempDirectory("dashboard-downloads");
        Set<String> haNoi = Set.of(ReportData.MO_LAO, "00001");
        Set<String> haDong = Set.of(ReportData.MO_LAO);
        try (HeadlessChromium browser = new HeadlessChromium(1280, 1000, downloads)) {
            browser.open(root + "dashboard");
            // Not signed in: the identity provider's sign-in form.
            browser.type("#username", "operator-hanoi");
            browser.type("#password", "demo");
            browser.click("#login");
            browser.waitUntil("return document.body && document.body.dataset.state === 'ready'", Duration.ofSeconds(30));
            assertEquals(ReportData.HA_NOI, browser.script("return document.body.dataset.startArea").asText(), "starts at the operator's area");

            browser.open(root + "dashboard?date=" + day);
            ready(browser, ReportData.HA_NOI);
            assertTrue(browser.text("#area-name").startsWith("Thành phố Hà Nội"), browser.text("#area-name"));
            assertEquals(scansIn(haNoi), number(browser.text("#fig-scans .value")));
            assertEquals(peopleIn(haNoi), number(browser.text("#fig-distinctPeople .value")));
            assertEquals("Lượt quét", browser.text("#fig-scans .label"));
            // The districts, Hà Đông among them with its own scans; the charts drawn by Chart.js.
            assertEquals(scansIn(haDong), number(browser.text("tr[data-code='" + ReportData.HA_DONG + "'] td[data-key='scans']")));
            assertTrue(browser.script("return Chart.getChart('chart-scans') !== undefined && Chart.getChart('chart-venues') !== undefined").asBoolean());
            browser.screenshot(SCREENSHOTS.resolve("dashboard.png"));

            // Sorting the table by scans: Hà Đông and Ba Đình (the districts with scans) come first.
            browser.click("th[data-sort='scans']");
            String firstTwo = browser.script("return [...document.querySelectorAll('#children tbody tr')].slice(0, 2).map(r => r.dataset.code).sort().join(',')")
                    .asText();
            assertEquals("001," + ReportData.HA_DONG, firstTwo);

            // Drill down: Hà Đông, then its communes with Mộ Lao the only one with scans.
            browser.click("button.drill[data-code='" + ReportData.HA_DONG + "']");
            ready(browser, ReportData.HA_DONG);
            assertEquals(scansIn(haDong), number(browser.text("#fig-scans .value")));
            assertEquals(peopleIn(haDong), number(browser.text("#fig-distinctPeople .value")));
            assertFalse(browser.script("return document.querySelector(\"tr[data-code='" + ReportData.MO_LAO + "']\").classList.contains('zero')").asBoolean());
            long communes = browser.script("return document.querySelectorAll('#children tbody tr').length").asLong();
            assertEquals(communes - 1, browser.script("return document.querySelectorAll('#children tbody tr.zero').length").asLong(),
                    "every commune but Mộ Lao highlighted as without scans");
            assertEquals(communes - 1, number(browser.text("#fig-zeroScanCommunes .value")));
            assertTrue(browser.text("#inactive-list").contains(INJECTED), "the venue's name shown as text: " + browser.text("#inactive-list"));
            browser.click("button.drill[data-code='" + ReportData.MO_LAO + "']");
            ready(browser, ReportData.MO_LAO);
            assertEquals(scansIn(haDong), number(browser.text("#fig-scans .value")));
            browser.click("#crumbs button");
            ready(browser, ReportData.HA_NOI);
            browser.click("button.drill[data-code='" + ReportData.HA_DONG + "']");
            ready(browser, ReportData.HA_DONG);

            // English.
            browser.click("#lang");
            assertEquals("Scans", browser.text("#fig-scans .label"));
            assertEquals("Area", browser.text("th[data-sort='name']"));
            assertEquals("en", browser.script("return document.documentElement.lang").asText());
            browser.screenshot(SCREENSHOTS.resolve("dashboard-en-district.png"));

            // The children table as XLSX, downloaded with the page's session.
            browser.click("#export-children-xlsx");
            Path file = awaitDownload(downloads, ".xlsx");
            List<List<Object>> rows = Xlsx.rows(Files.readAllBytes(file));
            assertEquals("Mã địa bàn", rows.get(0).get(0));
            List<Object> moLao = rows.stream().filter(r -> ReportData.MO_LAO.equals(r.get(0))).findFirst().orElseThrow();
            assertEquals(0, new BigDecimal(scansIn(haDong)).compareTo((BigDecimal) moLao.get(9)), "scans of Mộ Lao in the file");
            assertEquals(communes + 1, rows.size());

            // Signing out ends the session: the dashboard asks to sign in again.
            browser.click("#logout");
            browser.waitUntil("return document.getElementById('username') !== null", Duration.ofSeconds(20));
        }
    }

    @Test
    void behindTheGatewayThePageTakesTheRelayedBearerTokenWithoutASecondSignIn() {
        // The gateway signs staff in and relays their access token: the page answers, no redirect to this service's client.
        given().redirects().follow(false).auth().oauth2(TestTokens.operator(ReportData.HA_NOI)).get("/dashboard").then().statusCode(200)
                .contentType(startsWith("text/html"));
        given().redirects().follow(false).auth().oauth2(TestTokens.tracer(ReportData.HA_NOI)).get("/dashboard").then().statusCode(403);
    }

    @Test
    void theCodeFlowGuardsThePageAndTheApiKeepsBearerTokens() {
        // Not signed in: the page redirects to the identity provider, the API answers 401 (no redirect).
        Response start = given().redirects().follow(false).get("/dashboard");
        assertEquals(302, start.statusCode());
        String location = start.header("Location");
        assertTrue(location.startsWith(oidc.baseUrl() + "/auth/realms/quarkus"), location);
        assertTrue(location.contains("client_id=" + CLIENT_ID) && location.contains("code_challenge_method=S256"), location);
        given().redirects().follow(false).get("/api/v1/reports/summary").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator(ReportData.HA_NOI)).queryParam("area", ReportData.HA_DONG).get("/api/v1/reports/summary")
                .then().statusCode(200);

        // Through the flow by hand as operator-hcm: the page, its security headers, and the API with the session cookie.
        Map<String, String> cookies = new HashMap<>(start.cookies());
        String state = query(location, "state");
        String redirect = query(location, "redirect_uri");
        Response back = given().redirects().follow(false).cookies(cookies).queryParam("state", state).queryParam("code", "code-for-operator-hcm")
                .get(URI.create(redirect).getPath());
        assertEquals(302, back.statusCode(), back.asString());
        cookies.putAll(back.cookies());
        assertTrue(cookies.keySet().stream().anyMatch(c -> c.startsWith("q_session_dashboard")), cookies.keySet().toString());
        String page = given().redirects().follow(false).cookies(cookies).get("/dashboard").then().statusCode(200).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .body(containsString("data-start-area=\"79\"")).extract().asString();
        given().cookies(cookies).queryParam("area", ReportData.HCM).get("/api/v1/reports/summary").then().statusCode(200);
        given().cookies(cookies).queryParam("area", ReportData.HA_NOI).get("/api/v1/reports/summary").then().statusCode(403);
        // The chart library and the page's own script come from this service (no other origin in the page).
        java.util.regex.Matcher chart = java.util.regex.Pattern.compile("src=\"(/webjars/chart\\.js/[^\"]+)\"").matcher(page);
        assertTrue(chart.find(), page);
        given().get(chart.group(1)).then().statusCode(200).body(containsString("Chart"));
        given().get("/dashboard/assets/dashboard.js").then().statusCode(200);
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing loaded from elsewhere");
    }

    private static String query(String url, String name) {
        for (String p : URI.create(url).getRawQuery().split("&")) {
            if (p.startsWith(name + "=")) {
                return URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static void ready(HeadlessChromium browser, String area) throws Exception {
        browser.waitUntil("return document.body.dataset.state === 'ready' && document.body.dataset.area === '" + area + "'", Duration.ofSeconds(20));
    }

    /** Figures as the page prints them (Vietnamese groups digits with dots). */
    private static long number(String shown) {
        return Long.parseLong(shown.replaceAll("[^0-9]", ""));
    }

    private static Path awaitDownload(Path dir, String suffix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                var done = files.filter(f -> f.toString().endsWith(suffix)).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + suffix + " downloaded to " + dir);
    }
}
