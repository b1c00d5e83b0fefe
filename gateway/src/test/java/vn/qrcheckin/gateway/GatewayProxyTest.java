package vn.qrcheckin.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The gateway in front of plain HTTP servers standing in for the services (FakeServices: each answers with what
 * reached it): routing by prefix, the checks at the edge, the headers the services may trust, bodies streamed
 * through and limited, and the problems a caller hears when a service is slow or down.
 */
@QuarkusTest
class GatewayProxyTest {

    private static final String HA_NOI = "01";
    private static final String HA_DONG = "268";
    private static final String HCM = "79";

    @Test
    void eachPrefixReachesItsServiceWithPathAndQueryIntact() {
        seen(given().urlEncodingEnabled(false).get("/api/v1/admin-units?q=m%E1%BB%99%20lao&limit=3"), "venue", "GET", "/api/v1/admin-units?q=m%E1%BB%99%20lao&limit=3");
        seen(given().get("/api/v1/public/non-compliant-venues?area=01"), "venue", "GET", "/api/v1/public/non-compliant-venues?area=01");
        seen(given().get("/api/v1/venues/42/poster.pdf"), "venue", "GET", "/api/v1/venues/42/poster.pdf");
        seen(given().auth().oauth2(TestTokens.owner("owner-1")).get("/api/v1/venues?limit=5"), "venue", "GET", "/api/v1/venues?limit=5");
        // A path ending like the web sign-in's tenant name is still a bearer call.
        seen(given().auth().oauth2(TestTokens.owner("owner-1")).get("/api/v1/venues/web"), "venue", "GET", "/api/v1/venues/web");
        seen(given().get("/q/AbC-token_123"), "checkin", "GET", "/q/AbC-token_123");
        seen(given().auth().oauth2(TestTokens.app("pc-covid")).contentType("application/json").body("{}").post("/api/v1/checkins"), "checkin", "POST",
                "/api/v1/checkins");
        seen(given().auth().oauth2(TestTokens.operator(HA_NOI)).get("/api/v1/reports/summary?area=" + HA_DONG), "report", "GET",
                "/api/v1/reports/summary?area=" + HA_DONG);
        seen(given().get("/dashboard/assets/dashboard.js"), "report", "GET", "/dashboard/assets/dashboard.js");
    }

    @Test
    void theMetricsNameRoutesNotPathsSoTokensAndIdsDoNotEachMakeASeries() {
        for (int i = 0; i < 3; i++) {
            given().get("/q/metrics-token-" + i).then().statusCode(200);
            given().get("/api/v1/venues/90" + i + "/qr.png").then().statusCode(200);
            given().get("/no-such-place-" + i).then().statusCode(404);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String series = String.join("\n", metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).toList());
        assertTrue(metrics.contains("uri=\"/q/*\""), "the web check-in pages under one name:\n" + series);
        assertTrue(metrics.contains("uri=\"/api/v1/venues/*\""));
        for (String path : List.of("metrics-token-", "/api/v1/venues/90", "no-such-place-")) {
            assertTrue(!metrics.contains(path), path + " became a series of its own");
        }
    }

    @Test
    void pathsNoRouteNamesAreNotForwarded() {
        // venue-service's internal snapshot is for the services only; a prefix look-alike is not the prefix.
        for (String path : List.of("/api/v1/internal/venue-snapshot", "/api/v1/venuesX", "/api/v2/checkins", "/admin")) {
            given().auth().oauth2(TestTokens.everything()).get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("status", equalTo(404));
        }
        // A path in other than its normal form would be read by the service as another path than the one checked here.
        given().get("/api/v1/public/../internal/venue-snapshot").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/api/v1/public/%2E%2E/internal/venue-snapshot").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/api/v1/%70ublic/non-compliant-venues").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("/api/v1/public/non-compliant-venues"));
        // The gateway's own endpoints stay its own.
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theEdgeRefusesAMissingTokenAWrongRoleAndAnAreaOutsideTheAccount() {
        given().get("/api/v1/reports/summary").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not.a.token").get("/api/v1/reports/summary").then().statusCode(401);
        // An operator at tracing, an app at the reports, a tracer at person cards: refused before any service sees them.
        given().auth().oauth2(TestTokens.operator(HA_NOI)).get("/api/v1/tracing/cases/1").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("tracer"));
        given().auth().oauth2(TestTokens.app("pc-covid")).get("/api/v1/reports/summary").then().statusCode(403);
        given().auth().oauth2(TestTokens.tracer(HA_NOI)).post("/api/v1/person-cards").then().statusCode(403);
        // Hà Nội's operator: Hà Đông (inside) passes, Hồ Chí Minh City does not, in any of several area parameters.
        given().auth().oauth2(TestTokens.operator(HA_NOI)).get("/api/v1/reports/summary?area=" + HCM).then().statusCode(403)
                .body("detail", containsString(HCM));
        given().auth().oauth2(TestTokens.operator(HA_DONG)).get("/api/v1/reports/summary?area=" + HA_NOI).then().statusCode(403);
        given().auth().oauth2(TestTokens.operator(HA_NOI)).get("/api/v1/reports/children?area=01&area=" + HCM).then().statusCode(403);
        seen(given().auth().oauth2(TestTokens.operator(HA_DONG)).get("/api/v1/reports/summary?area=" + HA_DONG), "report", "GET",
                "/api/v1/reports/summary?area=" + HA_DONG);
        // An admin has no area: anywhere.
        seen(given().auth().oauth2(TestTokens.admin()).get("/api/v1/reports/summary?area=" + HCM), "report", "GET",
                "/api/v1/reports/summary?area=" + HCM);
    }

    @Test
    void theServiceHearsTheClientsAddressFromTheGatewayAndTheTokenAsSent() {
        String token = TestTokens.operator(HA_NOI);
        JsonPath seen = given().auth().oauth2(token).header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.9")
                .header("X-Real-IP", "203.0.113.9").cookie("lang", "vi").get("/api/v1/reports/summary").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("127.0.0.1"), seen.getList("headers.x-forwarded-for"), "the client's claim is replaced by its real address");
        assertEquals((Object) null, seen.get("headers.forwarded"));
        assertEquals((Object) null, seen.get("headers.x-real-ip"));
        assertEquals(List.of("http"), seen.getList("headers.x-forwarded-proto"));
        assertEquals(List.of("Bearer " + token), seen.getList("headers.authorization"), "the token is relayed for the service's own checks");
        assertEquals(List.of("lang=vi"), seen.getList("headers.cookie"));
    }

    @Test
    void aBodyStreamsThroughAndArrivesWhole() throws Exception {
        byte[] body = new byte[1_500_000];
        new Random(7).nextBytes(body);
        JsonPath seen = given().auth().oauth2(TestTokens.app("pc-covid")).contentType("application/json").body(body).post("/api/v1/checkins/batch")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(body.length, seen.getLong("bodyLength"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)), seen.getString("bodySha256"));
    }

    @Test
    void aChunkedBodyReachesTheServiceBeforeTheClientHasSentItAll() throws Exception {
        // Were the body gathered at the gateway first, the service would see nothing until the last chunk.
        int checkinPort = ConfigProvider.getConfig().getValue("fake.checkin.port", Integer.class);
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/checkins/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.app("pc-covid")
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, "[{\"first\":\"half\"}");
            long deadline = System.currentTimeMillis() + 10_000;
            long arrived = 0;
            while (arrived == 0 && System.currentTimeMillis() < deadline) {
                arrived = given().port(checkinPort).get("/__seen").then().extract().jsonPath().getLong("bytes");
                Thread.sleep(20);
            }
            assertTrue(arrived > 0, "the first chunk reached the service while the client held back the rest");
            chunk(out, ",{\"second\":\"half\"}]");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"bodyLength\":" + "[{\"first\":\"half\"},{\"second\":\"half\"}]".length()), answer);
        }
    }

    @Test
    void aCallerHangingUpMidBodyEndsTheCallToTheServiceAndIsNotCountedAgainstIt() throws Exception {
        int checkinPort = ConfigProvider.getConfig().getValue("fake.checkin.port", Integer.class);
        // More hang-ups than the circuit's failure threshold (20), each leaving the service waiting for a body that never comes
        // unless the gateway ends the call: half mid-body, half right after the headers on a public page (hanging up while
        // the gateway still counts the address in Redis, before anything was sent on).
        for (int i = 0; i < 30; i++) {
            try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
                OutputStream out = socket.getOutputStream();
                String head = i % 2 == 0
                        ? "POST /api/v1/checkins HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.app("pc-covid")
                                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":"
                        : "POST /q/a-venue-token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                + "Content-Length: 100\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (i % 2 == 0) {
                    Thread.sleep(20);
                }
            }
        }
        long deadline = System.currentTimeMillis() + 3000;
        long open = -1;
        while (System.currentTimeMillis() < deadline && (open = given().port(checkinPort).get("/__seen").then().extract().jsonPath().getLong("open")) > 0) {
            Thread.sleep(50);
        }
        assertEquals(0, open, "the service's calls were ended with the callers' connections (not left to the 10 s limit)");
        // Counted as the callers' doing, not as a service failing (the proxy's own answer would have been a 502).
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(!metrics.contains("status=\"502\",uri=\"/api/v1/checkins\""), metrics);
        given().auth().oauth2(TestTokens.app("pc-covid")).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(200)
                .body("service", equalTo("checkin"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedDeclaredOrNot() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024 + 1];
        given().auth().oauth2(TestTokens.app("pc-covid")).contentType("application/json").body(big).post("/api/v1/checkins/batch").then()
                .statusCode(413).contentType("application/problem+json");
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/checkins/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.app("pc-covid")
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String piece = "x".repeat(64 * 1024);
            try {
                for (int i = 0; i < 40; i++) {
                    chunk(out, piece);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closed) {
                // the gateway closed the connection after its answer
            }
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        }
    }

    @Test
    void aSlowServiceIsA504AndADeadOneA502ThenA503WhileItsCircuitIsOpen() {
        long start = System.currentTimeMillis();
        given().auth().oauth2(TestTokens.operator(HA_NOI)).get("/api/v1/reports/slow").then().statusCode(504)
                .contentType("application/problem+json").body("detail", containsString("report"));
        long took = System.currentTimeMillis() - start;
        assertTrue(took >= 900 && took < 2900, "answered at the 1 s limit, not when the service finally answered: " + took + " ms");

        // tracing is down: refused connections are 502 until three failures open its circuit; then 503 at once, with Retry-After.
        int refused = 0;
        Response r;
        do {
            r = given().auth().oauth2(TestTokens.tracer(HA_NOI)).get("/api/v1/tracing/cases/1");
            if (r.statusCode() == 502) {
                refused++;
                r.then().contentType("application/problem+json").body("detail", containsString("tracing"));
            }
        } while (r.statusCode() == 502 && refused < 10);
        assertTrue(refused >= 1 && refused <= 3, "502s before the circuit opened: " + refused);
        r.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2");
        // Operators see which circuit is open; readiness stays UP (the other services' routes are served).
        given().get("/q/health/group/upstreams").then().statusCode(503).body("checks[0].data.tracing", equalTo("OPEN"))
                .body("checks[0].data.venue", equalTo("CLOSED"));
        given().get("/q/health/ready").then().statusCode(200);
        // Other services are not affected by one service's circuit.
        given().get("/api/v1/admin-units").then().statusCode(200).body("service", equalTo("venue"));
    }

    @Test
    void answersCarryTheSecurityHeadersAndTheAppsWebViewsMayCall() {
        given().get("/api/v1/admin-units").then().statusCode(200).header("Strict-Transport-Security", containsString("max-age="))
                .header("X-Frame-Options", "DENY").header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer");
        given().header("Origin", "https://pc-covid.gov.vn").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").options("/api/v1/checkins").then()
                .header("Access-Control-Allow-Origin", "https://pc-covid.gov.vn").header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").options("/api/v1/checkins").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private static void seen(Response r, String service, String method, String uri) {
        r.then().statusCode(200).body("service", equalTo(service)).body("method", equalTo(method)).body("uri", equalTo(uri));
    }

    private static void chunk(OutputStream out, String data) throws java.io.IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one answer (headers and a body of Content-Length bytes) from a raw connection. */
    private static String readAnswer(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            got.write(b);
            String s = got.toString(StandardCharsets.UTF_8);
            int end = s.indexOf("\r\n\r\n");
            if (end > 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(s.substring(0, end));
                if (m.find() && got.size() >= end + 4 + Integer.parseInt(m.group(1))) {
                    break;
                }
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
