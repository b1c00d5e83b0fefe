package vn.qrcheckin.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The two packaged services as the run command starts them. What a citizen does with a printed poster: the QR
 * decoded from the poster's PDF opens checkin-service's web check-in page (200, the venue's name), and the form
 * posted there is a recorded check-in. And the contract between them: venue-service's real outbox output and
 * snapshot (not hand-written events) through checkin-service's venue projection, including the change that
 * used to be lost (a venue suspended right after a bulk import stayed active for check-in).
 */
class PosterToCheckinPageTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The development keys of scripts/dev-keys.sh: the services run in their production profile, which needs keys. */
    private static final Map<String, String> KEYS = Map.of(
            "PSEUDONYM_KEY", "ZGV2LW9ubHktcHNldWRvbnltLWtleS1jaGFuZ2UtaXQtaW4tcHJvZA==",
            "FIELD_KEY", "ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLWxvbmc=",
            "PERSON_CARD_KEY", "ZGV2LW9ubHktcGVyc29uLWNhcmQta2V5LWNoYW5nZS1pdC1wbGVhc2U=",
            "QR_KEY_ENCRYPTION_KEY", "ZGV2LW9ubHkta2V5LWNoYW5nZS1tZS1pbi1wcm9kISE=");

    private static final OidcWiremockTestResource OIDC = new OidcWiremockTestResource();
    private static final PrivateStoresResource STORES = new PrivateStoresResource();
    private static final List<Process> SERVICES = new ArrayList<>();
    private static int venuePort;
    private static int checkinPort;
    private static HttpServer tokens;
    private static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();
    /** Registered before checkin-service started: it learns them from the snapshot. */
    private static long beforeStart;
    private static long importedThenSuspended;

    @BeforeAll
    static void startTheServices() throws Exception {
        Map<String, String> oidcConfig = OIDC.start();
        // TestTokens signs with the key the OIDC test server publishes (smallrye.jwt.sign.key.location).
        oidcConfig.forEach(System::setProperty);
        String oidc = oidcConfig.get("keycloak.url") + "/realms/quarkus/";
        Map<String, String> stores = new java.util.HashMap<>(STORES.start());
        // venue-service migrates over JDBC: the same private database (this class path has no JDBC pool to detect).
        stores.put("quarkus.datasource.jdbc.url", "jdbc:" + stores.get("quarkus.datasource.reactive.url"));
        venuePort = freePort();
        checkinPort = freePort();
        List<String> common = new ArrayList<>(List.of("-Dvertx.disableURIValidation=true", "-Dquarkus.oidc.auth-server-url=" + oidc,
                "-Dquarkus.oidc.token.issuer=" + TestTokens.ISSUER, "-Dquarkus.log.console.level=WARN"));
        stores.forEach((k, v) -> common.add("-D" + k + "=" + v));
        List<String> venue = new ArrayList<>(common);
        venue.addAll(List.of("-Dquarkus.http.port=" + venuePort, "-Dqrcheckin.qr.public-base-url=http://127.0.0.1:" + checkinPort));
        start("venue-service", venue, Map.of());
        awaitReady(venuePort);

        // Before checkin-service runs: one venue registered, three imported and the first of them suspended at once.
        beforeStart = create("Nhà thuốc trước giờ mở");
        String csv = "name,type,address,commune_code,owner_name,owner_phone\n"
                + "Chợ nhập 1,MARKET,1 Quang Trung,09541,Lê Thị Hồng,0912000001\n"
                + "Chợ nhập 2,MARKET,2 Quang Trung,09541,Lê Thị Hồng,0912000002\n"
                + "Chợ nhập 3,MARKET,3 Quang Trung,09541,Lê Thị Hồng,0912000003\n";
        importedThenSuspended = Long.parseLong(field(send("POST", venueUrl("/api/v1/venues/imports"), TestTokens.admin(), "text/csv; charset=UTF-8",
                csv, 200), "\"venueId\":(\\d+)"));
        suspend(importedThenSuspended);

        // checkin-service reads the snapshot with a client-credentials token (role "service"), as from Keycloak.
        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", exchange -> {
            String basic = "Basic " + Base64.getEncoder().encodeToString("checkin-service:checkin-secret".getBytes(StandardCharsets.UTF_8));
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) && form.contains("grant_type=client_credentials");
            byte[] body = (ok ? "{\"access_token\":\"" + TestTokens.withRoles("service-account-checkin-service", "service")
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}" : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
            if (ok) {
                TOKENS_ISSUED.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        tokens.start();
        List<String> checkin = new ArrayList<>(common);
        checkin.addAll(List.of("-Dquarkus.http.port=" + checkinPort,
                "-Dquarkus.oidc-client.auth-server-url=http://127.0.0.1:" + tokens.getAddress().getPort() + "/",
                "-Dquarkus.oidc-client.token-path=token"));
        start("checkin-service", checkin, Map.of("VENUE_URL", "http://127.0.0.1:" + venuePort, "OIDC_CLIENT_SECRET", "checkin-secret"));
        awaitReady(checkinPort);
    }

    @AfterAll
    static void stopTheServices() {
        SERVICES.forEach(Process::destroy);
        if (tokens != null) {
            tokens.stop(0);
        }
        STORES.stop();
        OIDC.stop();
    }

    @Test
    void aPostersQrOpensTheWebCheckinPageAndTheFormChecksIn() throws Exception {
        String name = "Tiệm Thuốc Minh Châu";
        String body = "{\"name\":\"" + name + "\",\"type\":\"PHARMACY\",\"address\":\"12 Quang Trung\",\"communeCode\":\"09541\","
                + "\"ownerName\":\"Lê Văn Bảy\",\"ownerPhone\":\"0912000111\"}";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + venuePort + "/api/v1/venues"))
                .header("Authorization", "Bearer " + TestTokens.owner("owner-e2e")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        long id = Long.parseLong(field(created.body(), "\"id\":(\\d+)"));

        // The poster as printed: its PDF rendered at 150 dpi, its QR decoded as a phone camera would.
        HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + venuePort + "/api/v1/venues/" + id
                + "/poster.pdf")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        String scanned;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            scanned = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        }
        assertTrue(scanned.startsWith("http://127.0.0.1:" + checkinPort + "/q/"), scanned);

        // The page it opens names the venue once checkin-service has read the venue's event.
        String html = "";
        for (int i = 0; i < 100 && !html.contains(name); i++) {
            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(scanned)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, form.statusCode(), form.body());
            assertTrue(form.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            html = form.body();
            if (!html.contains(name)) {
                Thread.sleep(100);
            }
        }
        assertTrue(html.contains(name), html);

        // And the form the page shows checks the person in.
        String cid = field(html, "name=\"cid\" value=\"([^\"]+)\"");
        String form = "cid=" + URLEncoder.encode(cid, StandardCharsets.UTF_8) + "&phone=0987654321&name="
                + URLEncoder.encode("Phạm Thu Hà", StandardCharsets.UTF_8) + "&fever=false";
        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(scanned)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains(name), done.body());
    }

    @Test
    void checkinServiceKnowsVenueServicesVenuesFromItsSnapshotAndItsOutbox() throws Exception {
        assertTrue(TOKENS_ISSUED.get() >= 1, "the snapshot was read with a client-credentials token");
        // Ready means the snapshot is in: venues registered before the start are known at once.
        assertFalse(checkIn(beforeStart), "active venue from the snapshot");
        assertTrue(checkIn(importedThenSuspended), "suspended right after its import: the suspension wins");

        // Changes after the start arrive through the stream, each kept at its venue's highest version.
        long later = create("Quán phở sau giờ mở");
        awaitSuspended(later, false);
        suspend(later);
        awaitSuspended(later, true);
        send("POST", venueUrl("/api/v1/venues/" + later + "/reinstate"), TestTokens.admin(), "application/json", "{}", 200);
        awaitSuspended(later, false);

        String csv = "name,type,address,commune_code,owner_name,owner_phone\nSiêu thị nhập sau,SUPERMARKET,9 Quang Trung,09541,Lê Văn Tám,0912000009\n";
        long imported = Long.parseLong(field(send("POST", venueUrl("/api/v1/venues/imports"), TestTokens.admin(), "text/csv; charset=UTF-8", csv,
                200), "\"venueId\":(\\d+)"));
        suspend(imported);
        awaitSuspended(imported, true);
    }

    private static String venueUrl(String path) {
        return "http://127.0.0.1:" + venuePort + path;
    }

    private static String send(String method, String url, String token, String type, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), method + " " + url + ": " + r.body());
        return r.body();
    }

    private static long create(String name) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"type\":\"RESTAURANT_CAFE\",\"address\":\"5 Lê Lợi\",\"communeCode\":\"09541\","
                + "\"ownerName\":\"Trần Văn Hai\",\"ownerPhone\":\"0912000222\"}";
        return Long.parseLong(field(send("POST", venueUrl("/api/v1/venues"), TestTokens.owner("owner-e2e"), "application/json", body, 201),
                "\"id\":(\\d+)"));
    }

    private static void suspend(long venueId) throws Exception {
        send("POST", venueUrl("/api/v1/venues/" + venueId + "/suspend"), TestTokens.admin(), "application/json", "{\"reason\":\"no QR poster\"}", 200);
    }

    /** A national app's check-in at the venue (its QR as venue-service issued it); answers whether checkin-service saw it suspended. */
    private static boolean checkIn(long venueId) throws Exception {
        String view = send("GET", venueUrl("/api/v1/venues/" + venueId), TestTokens.admin(), "application/json", "", 200);
        String qr = field(view, "\"content\":\"([^\"]+)\"");
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"qr\":\"" + qr + "\",\"person\":{\"idType\":\"PHONE\",\"number\":\"0912345678\"},"
                + "\"direction\":\"IN\",\"occurredAt\":\"" + Instant.now().minusSeconds(5) + "\"}";
        String accepted = send("POST", "http://127.0.0.1:" + checkinPort + "/api/v1/checkins", TestTokens.app("pc-covid"), "application/json",
                body, 202);
        return Boolean.parseBoolean(field(accepted, "\"venueSuspended\":(true|false)"));
    }

    private static void awaitSuspended(long venueId, boolean suspended) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (checkIn(venueId) == suspended) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("checkin-service never saw venue " + venueId + (suspended ? " suspended" : " active"));
    }

    private static void start(String service, List<String> properties, Map<String, String> env) throws IOException {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is built by the reactor before this module");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Path.of("target", service + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(KEYS);
        pb.environment().putAll(env);
        SERVICES.add(pb.start());
    }

    private static void awaitReady(int port) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("service on :" + port + " did not become ready; see e2e/target/*.log");
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
