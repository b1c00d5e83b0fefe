package vn.qrcheckin.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.smallrye.jwt.build.Jwt;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * Staff sign in at the gateway (authorization-code flow with PKCE, a session cookie) and every web page behind it
 * gets their access token as a bearer token; the session stays at the edge; signing out ends it. Driven step by step
 * over HTTP against the OIDC test server, whose sign-in form is stubbed to name the user in the code.
 */
@QuarkusTest
class WebSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @OidcWireMock
    WireMockServer oidc;

    @TestHTTPResource("/")
    URI root;

    /** user name to (role, area) */
    private static final Map<String, List<String>> STAFF = Map.of("operator-hanoi", List.of("operator", "01"), "tracer-hanoi", List.of("tracer", "01"));

    @BeforeEach
    void stubTheSignIn() {
        oidc.stubFor(get(urlPathEqualTo("/login")).atPriority(1).willReturn(aResponse().withStatus(302).withTransformers("response-template")
                .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=code-for-{{request.query.username}}")));
        STAFF.forEach((user, roleAndArea) -> oidc.stubFor(post(urlPathEqualTo("/auth/realms/quarkus/token")).atPriority(1)
                .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=code-for-" + user + "&"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(tokens(user, roleAndArea.get(0), roleAndArea.get(1))))));
        oidc.stubFor(get(urlPathEqualTo("/auth/realms/quarkus/protocol/openid-connect/end-session")).atPriority(1).willReturn(aResponse()
                .withStatus(302).withTransformers("response-template").withHeader("Location", "{{request.query.post_logout_redirect_uri}}")));
    }

    /** What Keycloak answers the gateway's client: the access token (relayed to the services) names roles and area. */
    private static String tokens(String user, String role, String area) {
        String id = Jwt.issuer(TestTokens.ISSUER).subject("sub-" + user).audience("gateway").preferredUserName(user).groups(Set.of(role))
                .claim("area", area).expiresIn(3600).sign();
        String access = access(user, role, area);
        return "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id + "\",\"refresh_token\":\"r-" + user
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }

    private static String access(String user, String role, String area) {
        // Deterministic for a user, so that the test can tell the relayed token is this one.
        return Jwt.issuer(TestTokens.ISSUER).subject("sub-" + user).preferredUserName(user).groups(Set.of(role)).claim("area", area)
                .claim("azp", "gateway").claim("jti", "jti-" + user).issuedAt(1_700_000_000L).expiresAt(4_000_000_000L).sign();
    }

    @Test
    void aPageSendsAStrangerToSignInWithPkceWhileTheApiAnswers401() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(root.resolve("/dashboard")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, page.statusCode());
        Map<String, String> q = query(page.headers().firstValue("Location").orElseThrow());
        assertEquals("gateway", q.get("client_id"));
        assertEquals("code", q.get("response_type"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertTrue(q.get("code_challenge").length() >= 43, "a PKCE challenge");
        assertTrue(q.get("redirect_uri").startsWith(root.resolve("/dashboard").toString()), q.get("redirect_uri"));

        HttpResponse<String> api = browser.send(HttpRequest.newBuilder(root.resolve("/api/v1/reports/summary")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, api.statusCode(), "an API never redirects");
    }

    @Test
    void aSignedInOperatorsPagesAndTheirApiCallsReachTheServiceWithTheirAccessToken() throws Exception {
        HttpClient browser = browser();
        signIn(browser, "operator-hanoi");
        JsonNode seen = seen(browser, "/dashboard?date=2026-11-30", 200);
        assertEquals("report", seen.get("service").asText());
        assertEquals("/dashboard?date=2026-11-30", seen.get("uri").asText());
        assertEquals("Bearer " + access("operator-hanoi", "operator", "01"), seen.at("/headers/authorization/0").asText());
        assertTrue(seen.at("/headers/cookie").isMissingNode() || !seen.at("/headers/cookie/0").asText().contains("q_session"),
                "the session cookie stays at the gateway: " + seen.at("/headers/cookie"));

        // The page's own calls carry only the session cookie: the same token goes on, and the area is checked at the edge.
        JsonNode api = seen(browser, "/api/v1/reports/summary?area=268", 200);
        assertEquals("Bearer " + access("operator-hanoi", "operator", "01"), api.at("/headers/authorization/0").asText());
        seen(browser, "/api/v1/reports/summary?area=79", 403);
        seen(browser, "/api/v1/tracing/cases/1", 403);

        // Signing out ends the session here and at the identity provider; the page asks for a sign-in again.
        HttpResponse<String> link = browser.send(HttpRequest.newBuilder(root.resolve("/dashboard/logout")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, link.statusCode());
        assertEquals("/logout", link.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(root.resolve("/logout")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, out.statusCode());
        assertTrue(out.headers().firstValue("Location").orElseThrow().contains("/end-session"), out.headers().toString());
        assertEquals(root.resolve("/").toString(), query(out.headers().firstValue("Location").orElseThrow()).get("post_logout_redirect_uri"),
                "back to the start page, which lists every page");
        HttpResponse<String> start = browser.send(HttpRequest.newBuilder(root.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, start.statusCode());
        assertTrue(start.body().contains("href=\"/tracer\"") && start.body().contains("href=\"/inspector\"") && start.body().contains("href=\"/dashboard\""));
        HttpResponse<String> again = browser.send(HttpRequest.newBuilder(root.resolve("/dashboard")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, again.statusCode());
        assertTrue(again.headers().firstValue("Location").orElseThrow().contains("code_challenge"), "signed out: sent to sign in");
    }

    @Test
    void aSignedInTracerMayNotOpenTheDashboard() throws Exception {
        HttpClient browser = browser();
        signIn(browser, "tracer-hanoi");
        seen(browser, "/dashboard", 403);
    }

    /** The code flow as a browser follows it: gateway → sign-in form → back to the gateway with a code → the page. */
    private void signIn(HttpClient browser, String user) throws Exception {
        HttpResponse<String> first = browser.send(HttpRequest.newBuilder(root.resolve("/dashboard")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, first.statusCode());
        Map<String, String> q = query(first.headers().firstValue("Location").orElseThrow());
        URI login = URI.create(oidc.baseUrl() + "/login?redirect_uri=" + enc(q.get("redirect_uri")) + "&state=" + enc(q.get("state")) + "&username="
                + enc(user));
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(login).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, back.statusCode());
        HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(URI.create(back.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, landed.statusCode(), "the code exchanged, the session set, back to the page: " + landed.body());
        assertTrue(landed.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("q_session_web")), landed.headers().toString());
    }

    private JsonNode seen(HttpClient browser, String path, int status) throws Exception {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        if (status != 200) {
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertFalse(r.body().isEmpty());
        }
        return JSON.readTree(r.body());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
