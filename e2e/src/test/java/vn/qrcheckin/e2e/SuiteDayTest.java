package vn.qrcheckin.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.qrcheckin.testsupport.HeadlessChromium;

/**
 * The whole suite as the run command starts it (Keycloak from scripts/keycloak.sh, every service and the gateway from
 * scripts/suite.sh, on free ports with the run's own databases and Redis key prefix), and one day played through the
 * gateway only, with real Keycloak tokens (password grant for staff, client credentials for the app and the agency):
 * Hà Nội's agency imports venues, an app checks people in and out one by one and in a batch, a venue scans a chip ID
 * card, a citizen checks in on the web page in a real Chromium, a tracer opens a case and gets its F1/F2 (JSON and CSV)
 * and publishes its exposure sites to the public feed,
 * an operator signs in to the dashboard through Keycloak's own sign-in form and reads figures and an XLSX, an inspector
 * records a violation that the public list then shows, and tokens of the wrong role or area are refused at the edge
 * (by the gateway itself) and at the service.
 *
 * <p>Expectations are computed here from what the test submitted, not read back from the services. Check-ins of the
 * day take place yesterday (Vietnam's calendar day), so that the day's figures cannot straddle a midnight; the web
 * check-in happens now, on the day its confirmation page shows.
 *
 * <p>Debugging: {@code -De2e.direct=true} sends every call to the service a gateway would route it to (the default
 * ports 8080-8084; checks of the gateway's own answers are skipped). Logs: e2e/target/suite/logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteDayTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SUITE_DIR = Path.of("target", "suite").toAbsolutePath();
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Keycloak as scripts/keycloak.sh runs it (KC_PORT, default 8180). */
    private static final String OIDC = "http://127.0.0.1:" + Objects.requireNonNullElse(System.getenv("KC_PORT"), "8180") + "/realms/qrcheckin";
    private static final boolean DIRECT = Boolean.getBoolean("e2e.direct");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Consumers are given this long to catch up; polled, never slept through. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    // Where the run's communes are (contracts' admin-units file): Hà Nội 01; district Hà Đông 268 with commune Mộ Lao
    // 09541; district Ba Đình 001 with commune Phúc Xá 00001.
    private static final String HA_NOI = "01";
    private static final String HA_DONG = "268";
    private static final String BA_DINH = "001";
    private static final String MO_LAO = "09541";
    private static final String PHUC_XA = "00001";

    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, String> SUITE_ENV = new HashMap<>();
    private static boolean keycloakStartedHere;
    private static boolean suiteStarted;

    /** The day played: yesterday in Vietnam. */
    private static final LocalDate DAY = LocalDate.now(VIETNAM).minusDays(1);
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    /** The venues: name, commune, and what venue-service answered. */
    record Venue(String name, String commune, long id, String qr) {
    }

    /** A check-in the test submitted and saw accepted: what the figures must count. */
    record Sent(String id, String person, long venueId, String commune, String direction, Instant at) {
    }

    private static final Map<String, Venue> VENUES = new LinkedHashMap<>();
    private static final List<Sent> SENT = new ArrayList<>();
    /** The web check-in: who, and on which local day the page confirmed it. */
    private static String webPhone;
    private static String webName;
    private static LocalDate webDay;

    // The people of the day (phones unique to this run, so that repeated runs never meet).
    private static final String CASE = phone(1);
    private static final String F1 = phone(2);
    private static final String F2 = phone(3);
    private static final String BYSTANDER = phone(4);
    private static final String CCCD = "0010940" + String.format("%05d", Math.floorMod(RUN.hashCode(), 100000));
    private static final String CCCD_NAME = "Nguyễn Văn An";
    private static final Map<String, String> NAMES = Map.of(CASE, "Trần Thị Ca", F1, "Lê Văn Một", F2, "Phạm Thị Hai", BYSTANDER, "Đỗ Văn Qua");

    private static String phone(int n) {
        return "09" + String.format("%07d", Math.floorMod((RUN + n).hashCode(), 10_000_000)) + n;
    }

    // ------------------------------------------------------------------------------------------------ the suite

    @BeforeAll
    static void startTheSuite() throws Exception {
        if (!answers(OIDC + "/.well-known/openid-configuration")) {
            keycloakStartedHere = true;
            script(Duration.ofMinutes(6), Map.of(), "scripts/keycloak.sh", "start");
        }
        // A Keycloak left running from before the realm file had the gateway's client would fail the sign-in late.
        Answer signIn = get(OIDC + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=gateway&redirect_uri="
                + enc("http://127.0.0.1:8080/dashboard"), null);
        assertTrue(signIn.status() == 200 || signIn.status() == 302, "the running Keycloak does not know the realm's client 'gateway': restart it with the current realm "
                + "file (scripts/keycloak.sh stop; scripts/keycloak.sh start)\n" + signIn.body());
        if (DIRECT) {
            PORTS.putAll(Map.of("gateway", 8080, "venue-service", 8081, "checkin-service", 8082, "tracing-service", 8083, "report-service", 8084));
        } else {
            for (String s : List.of("gateway", "venue-service", "checkin-service", "tracing-service", "report-service")) {
                PORTS.put(s, freePort());
            }
        }
        SUITE_ENV.put("SUITE_DIR", SUITE_DIR.toString());
        SUITE_ENV.put("GATEWAY_PORT", PORTS.get("gateway").toString());
        SUITE_ENV.put("VENUE_PORT", PORTS.get("venue-service").toString());
        SUITE_ENV.put("CHECKIN_PORT", PORTS.get("checkin-service").toString());
        SUITE_ENV.put("TRACING_PORT", PORTS.get("tracing-service").toString());
        SUITE_ENV.put("REPORT_PORT", PORTS.get("report-service").toString());
        SUITE_ENV.put("VENUE_DB", "e2e_" + RUN + "_venue");
        SUITE_ENV.put("TRACING_DB", "e2e_" + RUN + "_tracing");
        SUITE_ENV.put("REPORT_DB", "e2e_" + RUN + "_report");
        SUITE_ENV.put("REDIS_KEY_PREFIX", "e2e:" + RUN + ":");
        SUITE_ENV.put("OIDC_URL", OIDC);
        if (DIRECT) {
            SUITE_ENV.put("PUBLIC_URL", service("checkin-service", ""));
            SUITE_ENV.put("SUITE_SERVICES", "venue-service checkin-service tracing-service report-service");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(SuiteDayTest::stopQuietly));
        suiteStarted = true;
        script(Duration.ofMinutes(4), SUITE_ENV, "scripts/suite.sh", "start");
    }

    @AfterAll
    static void stopTheSuite() {
        stopQuietly();
    }

    private static synchronized void stopQuietly() {
        try {
            if (suiteStarted) {
                suiteStarted = false;
                Map<String, String> env = new HashMap<>(SUITE_ENV);
                env.put("SUITE_DROP", "1");
                script(Duration.ofMinutes(1), env, "scripts/suite.sh", "stop");
            }
            if (keycloakStartedHere) {
                keycloakStartedHere = false;
                script(Duration.ofMinutes(1), Map.of(), "scripts/keycloak.sh", "stop");
            }
        } catch (Exception | AssertionError e) {
            System.err.println("[e2e] stopping the suite: " + e);
        }
    }

    /** Runs one of the project's scripts from the project root; its output goes to target/suite/&lt;script&gt;.log. */
    private static void script(Duration timeout, Map<String, String> env, String... command) throws Exception {
        Files.createDirectories(SUITE_DIR);
        Path log = SUITE_DIR.resolve(Path.of(command[0]).getFileName() + "-" + command[1] + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroy();
            fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + Files.readString(log));
    }

    // ------------------------------------------------------------------------------------------------ the day

    @Test
    @Order(1)
    void anAgencyImportsVenuesAndAnOwnerRegistersTheirs() throws Exception {
        // An agency's integration (client credentials, qrcheckin-demo) imports a café in Hà Đông and a supermarket in Ba
        // Đình; a row of an unknown type is skipped and reported.
        String csv = "name,type,address,commune_code,owner_name,owner_phone\n"
                + "Quán cà phê Hoa Sữa " + RUN + ",RESTAURANT_CAFE,12 Tô Hiệu," + MO_LAO + ",Nguyễn Thị Hoa,0912000001\n"
                + "Siêu thị Bình Minh " + RUN + ",SUPERMARKET,5 Phó Đức Chính," + PHUC_XA + ",Trần Văn Minh,0912000002\n"
                + "Dòng hỏng " + RUN + ",NO_SUCH_TYPE,1 Lê Lợi," + MO_LAO + ",Ai Đó,0912000003\n";
        String agency = client("qrcheckin-demo", "demo-secret");
        JsonNode report = edge("POST", "/api/v1/venues/imports", agency, "text/csv; charset=UTF-8", csv).ok(200).json();
        assertEquals(3, report.get("rows").asInt(), report.toString());
        assertEquals(2, report.get("created").asInt(), report.toString());
        assertEquals(1, report.get("rejected").asInt(), "the row with an unknown type is skipped and reported: " + report);
        List<Long> ids = new ArrayList<>();
        for (JsonNode r : report.get("results")) {
            if (r.hasNonNull("venueId")) {
                ids.add(r.get("venueId").asLong());
            } else {
                assertEquals(4, r.get("line").asInt(), "the bad row is reported by its line: " + r);
            }
        }
        register("cafe", ids.get(0), user("operator-hanoi"), MO_LAO);
        register("supermarket", ids.get(1), user("operator-hanoi"), PHUC_XA);

        // Hà Nội's operator imports for its own city only: a row in Hồ Chí Minh City (commune 26734) is refused by
        // venue-service (the edge cannot see a file's communes), the Hà Nội row is registered.
        String mixed = "name,type,address,commune_code,owner_name,owner_phone\n"
                + "Tiệm bánh Tràng An " + RUN + ",SHOP,7 Tô Hiệu," + MO_LAO + ",Lê Thị Bánh,0912000005\n"
                + "Quán Sài Gòn " + RUN + ",RESTAURANT_CAFE,1 Hai Bà Trưng,26734,Ngô Văn Nam,0912000006\n";
        JsonNode own = edge("POST", "/api/v1/venues/imports", user("operator-hanoi"), "text/csv; charset=UTF-8", mixed).ok(200).json();
        assertEquals(1, own.get("created").asInt(), own.toString());
        JsonNode refused = stream(own.get("results")).filter(r -> !r.hasNonNull("venueId")).findFirst().orElseThrow();
        assertEquals(3, refused.get("line").asInt(), own.toString());
        assertEquals("commune_code", refused.get("errors").get(0).get("field").asText(), own.toString());

        // A pharmacy owner registers their own shop in Mộ Lao (their scanner may scan for it only).
        String body = json(Map.of("name", "Nhà thuốc An Khang " + RUN, "type", "PHARMACY", "address", "3 Quang Trung", "communeCode", MO_LAO,
                "ownerName", "Vũ Thị Khang", "ownerPhone", "0912000004"));
        JsonNode created = edge("POST", "/api/v1/venues", user("owner-demo"), "application/json", body).ok(201).json();
        register("pharmacy", created.get("id").asLong(), user("owner-demo"), MO_LAO);

        for (Venue v : VENUES.values()) {
            // The QR content points at the gateway, whose /q/ leads to the web check-in page.
            assertTrue(v.qr().startsWith(publicUrl() + "/q/"), v.qr());
            // The page names the venue once checkin-service has it from venue-service's events: then the day may begin.
            await("checkin-service knows " + v.name(), () -> {
                Answer page = get(v.qr(), null);
                return page.status() == 200 && page.body().contains(v.name());
            });
        }
    }

    private static void register(String key, long id, String token, String commune) throws Exception {
        JsonNode view = edge("GET", "/api/v1/venues/" + id, token, null, null).ok(200).json();
        assertTrue(stream(view.get("area")).anyMatch(a -> commune.equals(a.get("code").asText())), view.toString());
        VENUES.put(key, new Venue(view.get("name").asText(), commune, id, view.get("qr").get("content").asText()));
    }

    @Test
    @Order(2)
    void appsCheckPeopleInAndOutOneByOneAndInABatch() throws Exception {
        Venue cafe = VENUES.get("cafe");
        Venue supermarket = VENUES.get("supermarket");
        Venue pharmacy = VENUES.get("pharmacy");
        String app = client("demo-app", "app-secret");

        // One by one: the case at the café 09:00-10:00 and at the pharmacy 11:00-11:20; a bystander at the café long after.
        String first = single(app, cafe, CASE, "IN", at(9, 0));
        single(app, cafe, CASE, "OUT", at(10, 0));
        single(app, pharmacy, CASE, "IN", at(11, 0));
        single(app, pharmacy, CASE, "OUT", at(11, 20));
        single(app, cafe, BYSTANDER, "IN", at(15, 0));
        single(app, cafe, BYSTANDER, "OUT", at(15, 30));

        // The same id again is the same check-in: accepted again, counted once.
        Sent again = SENT.stream().filter(s -> s.id().equals(first)).findFirst().orElseThrow();
        Answer repeat = edge("POST", "/api/v1/checkins", app, "application/json", checkin(again.id(), cafe, CASE, "IN", again.at())).ok(202);
        assertEquals(first, repeat.json().get("id").asText());

        // An app's offline queue as one batch: F1 at the café 09:30-10:30 (met the case), then at the supermarket
        // 13:30-14:30 where F2 was 13:00-14:00; and one item with a broken phone number.
        List<Object[]> items = List.of(new Object[] { cafe, F1, "IN", at(9, 30) }, new Object[] { cafe, F1, "OUT", at(10, 30) },
                new Object[] { supermarket, F2, "IN", at(13, 0) }, new Object[] { supermarket, F1, "IN", at(13, 30) },
                new Object[] { supermarket, F2, "OUT", at(14, 0) }, new Object[] { supermarket, F1, "OUT", at(14, 30) },
                new Object[] { supermarket, "12ab", "IN", at(14, 45) });
        StringBuilder batch = new StringBuilder("{\"items\":[");
        List<String> ids = new ArrayList<>();
        for (Object[] i : items) {
            String id = "e2e-" + RUN + "-b" + ids.size();
            ids.add(id);
            batch.append(ids.size() > 1 ? "," : "").append(checkin(id, (Venue) i[0], (String) i[1], (String) i[2], (Instant) i[3]));
        }
        JsonNode answer = edge("POST", "/api/v1/checkins/batch", app, "application/json", batch.append("]}").toString()).ok(200).json();
        assertEquals(items.size() - 1, answer.get("accepted").asInt(), answer.toString());
        assertEquals(1, answer.get("rejected").asInt(), answer.toString());
        for (int i = 0; i < items.size(); i++) {
            JsonNode r = answer.get("results").get(i);
            assertEquals(i, r.get("index").asInt());
            boolean broken = "12ab".equals(items.get(i)[1]);
            assertEquals(broken, r.hasNonNull("errors") && r.get("errors").size() > 0, "item " + i + ": " + r);
            if (!broken) {
                assertEquals(((Venue) items.get(i)[0]).id(), r.get("venueId").asLong(), r.toString());
                Venue v = (Venue) items.get(i)[0];
                SENT.add(new Sent(ids.get(i), (String) items.get(i)[1], v.id(), v.commune(), (String) items.get(i)[2], (Instant) items.get(i)[3]));
            }
        }
    }

    private static String single(String app, Venue venue, String person, String direction, Instant at) throws Exception {
        String id = "e2e-" + RUN + "-s" + SENT.size();
        JsonNode accepted = edge("POST", "/api/v1/checkins", app, "application/json", checkin(id, venue, person, direction, at)).ok(202).json();
        assertEquals(id, accepted.get("id").asText());
        assertEquals(venue.id(), accepted.get("venueId").asLong());
        SENT.add(new Sent(id, person, venue.id(), venue.commune(), direction, at));
        return id;
    }

    private static String checkin(String id, Venue venue, String person, String direction, Instant at) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("idType", "PHONE", "number", person));
        if (NAMES.containsKey(person)) {
            p.put("name", NAMES.get(person));
        }
        return json(Map.of("id", id, "qr", venue.qr(), "person", p, "direction", direction, "occurredAt", at.toString(),
                "declaration", Map.of("fever", false, "cough", false, "breathingDifficulty", false)));
    }

    @Test
    @Order(3)
    void aVenueScansAChipIdCard() throws Exception {
        Venue pharmacy = VENUES.get("pharmacy");
        String owner = user("owner-demo");
        String card = CCCD + "|123456789|" + CCCD_NAME + "|01011994|Nam|Số 1 Tô Hiệu, Hà Đông, Hà Nội|15042021";
        for (String[] scan : List.of(new String[] { "IN", "11:05" }, new String[] { "OUT", "11:25" })) {
            String id = "e2e-" + RUN + "-scan-" + scan[0];
            Instant at = DAY.atTime(LocalTime.parse(scan[1])).atZone(VIETNAM).toInstant();
            String body = json(Map.of("id", id, "venueId", pharmacy.id(), "raw", card, "direction", scan[0], "occurredAt", at.toString()));
            Answer a = edge("POST", "/api/v1/scans", owner, "application/json", body).ok(202);
            assertEquals(pharmacy.id(), a.json().get("venueId").asLong());
            SENT.add(new Sent(id, "CCCD " + CCCD, pharmacy.id(), pharmacy.commune(), scan[0], at));
        }
        // Someone else's venue is not this owner's to scan for (the service's rule: only its own venues).
        String other = json(Map.of("id", "e2e-" + RUN + "-scan-x", "venueId", VENUES.get("cafe").id(), "raw", card, "direction", "IN"));
        assertEquals(403, edge("POST", "/api/v1/scans", owner, "application/json", other).status());
    }

    @Test
    @Order(4)
    void aCitizenChecksInOnTheWebPageFromTheVenuesQr() throws Exception {
        Venue cafe = VENUES.get("cafe");
        webPhone = phone(6);
        webName = "Hoàng Thị Web";
        try (HeadlessChromium phone = new HeadlessChromium()) {
            // What a phone camera does with the poster's QR: open its URL (the gateway's /q/<token>).
            phone.open(cafe.qr());
            assertEquals(cafe.name(), phone.text("#venue-name"));
            assertTrue(phone.url().startsWith(publicUrl() + "/q/"), phone.url());
            phone.type("#phone", webPhone);
            phone.type("#name", webName);
            phone.click("#submit");
            phone.waitUntil("return document.getElementById('confirmation') !== null", Duration.ofSeconds(20));
            assertEquals(cafe.name(), phone.text("#venue-name"));
            String page = phone.script("return document.body.innerText").asText();
            java.util.regex.Matcher date = java.util.regex.Pattern.compile("(\\d{2}/\\d{2}/\\d{4})").matcher(page);
            assertTrue(date.find(), page);
            webDay = LocalDate.parse(date.group(1), DateTimeFormatter.ofPattern("dd/MM/yyyy"));
            phone.screenshot(Path.of("target", "screenshots", "web-checkin-done.png"));
        }
        Instant from = webDay.atStartOfDay(VIETNAM).toInstant();
        String tracer = user("tracer-hanoi");
        // The tracer finds the citizen's visit at the café, with the name typed on the phone.
        JsonNode visitors = await("tracing-service has the web check-in", () -> {
            JsonNode v = edge("GET", "/api/v1/tracing/venues/" + cafe.id() + "/visitors?from=" + from + "&to=" + from.plus(Duration.ofDays(1))
                    + "&purpose=" + enc("e2e web check-in"), tracer, null, null).ok(200).json();
            return stream(v).anyMatch(x -> webPhone.equals(x.path("number").asText())) ? v : null;
        });
        JsonNode visit = stream(visitors).filter(x -> webPhone.equals(x.path("number").asText())).findFirst().orElseThrow();
        assertEquals("PHONE", visit.get("idType").asText());
        assertEquals(webName, visit.get("name").asText());
        // And report-service counts it, on the day the page confirmed (the only scan of that day in Mộ Lao: the day's
        // other check-ins are yesterday's).
        String operator = user("operator-hanoi");
        await("report-service counted the web check-in", () -> edge("GET", "/api/v1/reports/summary?area=" + MO_LAO + "&date=" + webDay,
                operator, null, null).ok(200).json().get("scans").asLong() == 1);
    }

    @Test
    @Order(5)
    void aTracerOpensACaseAndGetsF1AndF2AsJsonAndCsv() throws Exception {
        String tracer = user("tracer-hanoi");
        Instant from = DAY.atStartOfDay(VIETNAM).toInstant();
        Instant to = from.plus(Duration.ofDays(1));
        // Every visit of the day stored and closed by its check-out (the consumer is at-least-once and asynchronous).
        for (Venue v : List.of(VENUES.get("cafe"), VENUES.get("supermarket"), VENUES.get("pharmacy"))) {
            long expected = SENT.stream().filter(s -> s.venueId() == v.id() && s.direction().equals("IN")).map(Sent::person).distinct().count();
            await("tracing-service has the " + expected + " closed visits at " + v.name(), () -> {
                JsonNode list = edge("GET", "/api/v1/tracing/venues/" + v.id() + "/visitors?from=" + from + "&to=" + to + "&purpose="
                        + enc("e2e day"), tracer, null, null).ok(200).json();
                return list.size() == expected && stream(list).allMatch(x -> x.get("checkedOut").asBoolean());
            });
        }

        String body = json(Map.of("person", Map.of("idType", "PHONE", "number", CASE), "infectiousFrom", from.toString(), "infectiousTo",
                to.toString(), "provinceCode", HA_NOI, "label", "E2E-" + RUN));
        JsonNode opened = edge("POST", "/api/v1/tracing/cases", tracer, "application/json", body).ok(201).json();
        long caseId = opened.get("id").asLong();
        assertEquals(CASE, opened.get("person").get("number").asText());

        JsonNode visits = edge("GET", "/api/v1/tracing/cases/" + caseId + "/visits?purpose=" + enc("e2e"), tracer, null, null).ok(200).json();
        assertEquals(Set.of(VENUES.get("cafe").id(), VENUES.get("pharmacy").id()),
                stream(visits.get("items")).map(v -> v.get("venueId").asLong()).collect(Collectors.toSet()));

        // F1: who was with the case (the app user at the café 30 minutes, the scanned card at the pharmacy 15 minutes);
        // F2: who was with an F1 (at the supermarket); the bystander came after the case left (and the buffer).
        JsonNode contacts = edge("GET", "/api/v1/tracing/cases/" + caseId + "/contacts?depth=2&purpose=" + enc("e2e"), tracer, null, null)
                .ok(200).json();
        Map<String, JsonNode> byPerson = new HashMap<>();
        for (JsonNode c : contacts.get("items")) {
            byPerson.put(c.get("idType").asText() + " " + c.get("number").asText(), c);
        }
        assertEquals(Set.of("PHONE " + F1, "CCCD " + CCCD, "PHONE " + F2), byPerson.keySet(), contacts.toString());
        assertEquals(1, byPerson.get("PHONE " + F1).get("depth").asInt());
        assertEquals(30, byPerson.get("PHONE " + F1).get("overlapMinutes").asLong());
        assertEquals(NAMES.get(F1), byPerson.get("PHONE " + F1).get("name").asText());
        assertEquals(1, byPerson.get("CCCD " + CCCD).get("depth").asInt());
        assertEquals(15, byPerson.get("CCCD " + CCCD).get("overlapMinutes").asLong());
        assertEquals(CCCD_NAME, byPerson.get("CCCD " + CCCD).get("name").asText());
        assertEquals(2, byPerson.get("PHONE " + F2).get("depth").asInt());
        assertEquals(30, byPerson.get("PHONE " + F2).get("overlapMinutes").asLong(), "F2 met F1 13:30-14:00");
        assertEquals(F1, byPerson.get("PHONE " + F2).get("via").get("number").asText());

        // The same rows as CSV for the team's spreadsheet.
        Answer csv = edge("GET", "/api/v1/tracing/cases/" + caseId + "/contacts?depth=2&purpose=" + enc("e2e"), tracer, null, null,
                "Accept", "text/csv").ok(200);
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        List<String> lines = csv.body().replace("\uFEFF", "").lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(0).startsWith("depth,idType,number,name"), lines.get(0));
        assertEquals(4, lines.size(), csv.body());
        for (String expected : List.of("1,PHONE," + F1 + ",", "1,CCCD," + CCCD + ",", "2,PHONE," + F2 + ",")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(expected)), expected + " in\n" + csv.body());
        }

        // Where the case went is published for the apps: the public feed (no token) names the café and the pharmacy
        // with the case's times there, and no one's personal data.
        JsonNode published = edge("POST", "/api/v1/tracing/cases/" + caseId + "/exposure-sites", tracer, "application/json", null).ok(201).json();
        assertEquals(2, published.get("items").size(), published.toString());
        JsonNode feed = edge("GET", "/api/v1/exposure-sites", null, null, null).ok(200).json();
        Map<Long, JsonNode> sites = new HashMap<>();
        stream(feed.get("items")).forEach(site -> sites.put(site.get("venueId").asLong(), site));
        assertEquals(at(9, 0), Instant.parse(sites.get(VENUES.get("cafe").id()).get("from").asText()), feed.toString());
        assertEquals(at(10, 0), Instant.parse(sites.get(VENUES.get("cafe").id()).get("to").asText()), feed.toString());
        assertEquals(at(11, 0), Instant.parse(sites.get(VENUES.get("pharmacy").id()).get("from").asText()), feed.toString());
        assertFalse(sites.containsKey(VENUES.get("supermarket").id()), "the case was never at the supermarket");
        assertFalse(feed.toString().contains(CASE), "no phone number in the public feed");
    }

    /**
     * The same work on the tracers' screen (tracing-service's /tracer through the gateway), signed in on Keycloak's own
     * form: a case opened for the same F0 and window shows the F1/F2 the API step expects, closest first; the case
     * reopened by its id; a problem shown by its detail; the contacts CSV downloaded with the page's session; the exposure
     * sites published and listed; signed out. After step 5 (the day's visits stored); independent of the dashboard's.
     */
    @Test
    @Order(6)
    void aTracerWorksTheCaseOnTheTracerScreen() throws Exception {
        Path downloads = Files.createTempDirectory("e2e-tracer");
        try (HeadlessChromium browser = new HeadlessChromium(1280, 1000, downloads)) {
            signIn(browser, edgeUrl("/tracer"), "tracer-hanoi",
                    "return document.body && document.body.dataset.state === 'idle' && !!document.getElementById('open-form')");
            assertTrue(browser.url().startsWith(edgeUrl("/tracer")), browser.url());
            assertEquals("Thành phố Hà Nội", browser.text("#area-name"), "names the tracer's province");

            // Open a case for the F0 of the API step, over the same day (the form's times are Viet Nam's).
            browser.script("document.getElementById('id-type').value = 'PHONE';"
                    + "document.getElementById('from').value = '" + DAY + "T00:00';"
                    + "document.getElementById('to').value = '" + DAY.plusDays(1) + "T00:00';");
            browser.type("#id-number", CASE);
            browser.type("#label", "E2E-" + RUN + "-screen");
            browser.click("#open");
            awaitCaseShown(browser);
            long caseId = browser.script("return Number(document.body.dataset.caseId)").asLong();
            assertTrue(browser.text("#case-person").contains(CASE), browser.text("#case-person"));
            assertCaseShown(browser);
            browser.screenshot(Path.of("target", "screenshots", "tracer-through-gateway.png"));

            // The contacts CSV, downloaded with the page's session through the gateway: the same three people.
            browser.click("#csv");
            List<String> lines = Files.readString(awaitDownload(downloads, ".csv"), StandardCharsets.UTF_8).replace("\uFEFF", "").lines()
                    .filter(l -> !l.isBlank()).toList();
            assertTrue(lines.get(0).startsWith("depth,idType,number,name"), lines.get(0));
            assertEquals(4, lines.size(), String.join("\n", lines));
            for (String expected : List.of("1,PHONE," + F1 + ",", "1,CCCD," + CCCD + ",", "2,PHONE," + F2 + ",")) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(expected)), expected + " in\n" + String.join("\n", lines));
            }

            // Publishing the exposure sites lists the café and the pharmacy at the case's times.
            browser.click("#publish");
            browser.waitUntil("return document.body.dataset.sites === 'published' || document.body.dataset.sites === 'failed'", Duration.ofSeconds(20));
            assertEquals("published", browser.script("return document.body.dataset.sites").asText(), browser.text("#status"));
            JsonNode sites = browser.script("return [...document.querySelectorAll('#sites tbody tr[data-venue-id]')]"
                    + ".map(tr => ({venueId: Number(tr.dataset.venueId), from: tr.dataset.from, to: tr.dataset.to}))");
            Map<Long, JsonNode> byVenue = new HashMap<>();
            stream(sites).forEach(s -> byVenue.put(s.get("venueId").asLong(), s));
            assertEquals(Set.of(VENUES.get("cafe").id(), VENUES.get("pharmacy").id()), byVenue.keySet(), sites.toString());
            assertEquals(at(9, 0), Instant.parse(byVenue.get(VENUES.get("cafe").id()).get("from").asText()));
            assertEquals(at(10, 0), Instant.parse(byVenue.get(VENUES.get("cafe").id()).get("to").asText()));
            assertEquals(at(11, 0), Instant.parse(byVenue.get(VENUES.get("pharmacy").id()).get("from").asText()));

            // A fresh page (the session kept, no second sign-in): a case that does not exist is the API's problem, shown by
            // its detail; then the case reopened by its id shows the same people.
            browser.open(edgeUrl("/tracer"));
            browser.waitUntil("return document.body && document.body.dataset.state === 'idle'", Duration.ofSeconds(20));
            browser.type("#case-id", "987654321");
            browser.click("#find");
            browser.waitUntil("return document.body.dataset.state === 'failed'", Duration.ofSeconds(20));
            assertEquals("case 987654321 does not exist", browser.text("#status"));
            browser.script("document.getElementById('case-id').value = '';");
            browser.type("#case-id", Long.toString(caseId));
            browser.click("#find");
            awaitCaseShown(browser);
            assertCaseShown(browser);
            // Nothing personal ever reached the page's address.
            assertFalse(browser.url().contains(CASE) || browser.url().contains(F1), browser.url());

            // Signing out at the gateway ends the session: the screen asks to sign in again.
            browser.click("#logout");
            browser.open(edgeUrl("/tracer"));
            browser.waitUntil("return document.getElementById('username') !== null", Duration.ofSeconds(20));
        }
    }

    private static void awaitCaseShown(HeadlessChromium browser) throws Exception {
        browser.waitUntil("return document.body.dataset.state === 'ready' || document.body.dataset.state === 'failed'", Duration.ofSeconds(30));
        assertEquals("ready", browser.script("return document.body.dataset.state").asText(), browser.text("#status"));
    }

    /** The case's visits, F1 and F2 as the screen shows them: what the API step expects (its people, minutes and order). */
    private static void assertCaseShown(HeadlessChromium browser) throws Exception {
        JsonNode visits = browser.script("return [...document.querySelectorAll('#visits tbody tr[data-venue-id]')].map(tr => Number(tr.dataset.venueId))");
        assertEquals(Set.of(VENUES.get("cafe").id(), VENUES.get("pharmacy").id()), stream(visits).map(JsonNode::asLong).collect(Collectors.toSet()));
        String rows = "[...document.querySelectorAll('#%s tbody tr[data-number]')].map(tr => [tr.dataset.idType + ' ' + tr.dataset.number, "
                + "tr.querySelector('[data-key=name]').textContent, tr.querySelector('[data-key=overlapMinutes]').textContent, "
                + "tr.querySelector('[data-key=via]') ? tr.querySelector('[data-key=via]').textContent : ''].join('|'))";
        // Closest first: the café's app user (30 minutes) before the pharmacy's scanned card (15).
        assertEquals(List.of("PHONE " + F1 + "|" + NAMES.get(F1) + "|30|", "CCCD " + CCCD + "|" + CCCD_NAME + "|15|"),
                stream(browser.script("return " + String.format(rows, "f1"))).map(JsonNode::asText).toList());
        assertEquals(List.of("PHONE " + F2 + "|" + NAMES.get(F2) + "|30|PHONE " + F1),
                stream(browser.script("return " + String.format(rows, "f2"))).map(JsonNode::asText).toList());
    }

    @Test
    @Order(6)
    void anOperatorSignsInToTheDashboardReadsTheFiguresAndDownloadsTheXlsx() throws Exception {
        // Independent expectations: the day's check-ins (IN only, each id once) as submitted.
        long scansHaNoi = scans(c -> true);
        long peopleHaNoi = people(c -> true);
        long scansHaDong = scans(MO_LAO::equals);
        long peopleHaDong = people(MO_LAO::equals);
        long scansBaDinh = scans(PHUC_XA::equals);
        assertEquals(7, scansHaNoi, "the day as planned: 7 check-ins in");
        String operator = user("operator-hanoi");
        await("report-service counted the day's " + scansHaNoi + " scans", () -> edge("GET", "/api/v1/reports/summary?area=" + HA_NOI + "&date="
                + DAY, operator, null, null).ok(200).json().get("scans").asLong() == scansHaNoi);
        JsonNode summary = edge("GET", "/api/v1/reports/summary?area=" + HA_NOI + "&date=" + DAY, operator, null, null).ok(200).json();
        assertEquals(peopleHaNoi, summary.get("distinctPeople").asLong(), summary.toString());

        Path downloads = Files.createTempDirectory("e2e-dashboard");
        try (HeadlessChromium browser = new HeadlessChromium(1280, 1000, downloads)) {
            signIn(browser, edgeUrl("/dashboard"), "operator-hanoi", "return document.body && document.body.dataset.state === 'ready'");
            assertTrue(browser.url().startsWith(edgeUrl("/dashboard")), browser.url());
            assertEquals(HA_NOI, browser.script("return document.body.dataset.startArea").asText(), "starts at the operator's area");

            browser.open(edgeUrl("/dashboard?date=" + DAY));
            browser.waitUntil("return document.body.dataset.state === 'ready' && document.body.dataset.area === '" + HA_NOI
                    + "' && document.body.dataset.date === '" + DAY + "'", Duration.ofSeconds(30));
            assertEquals(scansHaNoi, number(browser.text("#fig-scans .value")));
            assertEquals(peopleHaNoi, number(browser.text("#fig-distinctPeople .value")));
            assertEquals(scansHaDong, number(browser.text("tr[data-code='" + HA_DONG + "'] td[data-key='scans']")));
            assertEquals(scansBaDinh, number(browser.text("tr[data-code='" + BA_DINH + "'] td[data-key='scans']")));
            browser.screenshot(Path.of("target", "screenshots", "dashboard-through-gateway.png"));

            // The districts as XLSX, downloaded with the page's session through the gateway.
            browser.click("#export-children-xlsx");
            List<List<Object>> rows = xlsx(Files.readAllBytes(awaitDownload(downloads, ".xlsx")));
            assertEquals("Mã địa bàn", rows.get(0).get(0));
            assertEquals("Lượt quét", rows.get(0).get(9));
            assertEquals("Số người", rows.get(0).get(11));
            List<Object> haDong = rows.stream().filter(r -> HA_DONG.equals(r.get(0))).findFirst().orElseThrow();
            assertEquals(0, BigDecimal.valueOf(scansHaDong).compareTo((BigDecimal) haDong.get(9)), haDong.toString());
            assertEquals(0, BigDecimal.valueOf(peopleHaDong).compareTo((BigDecimal) haDong.get(11)), haDong.toString());
            List<Object> baDinh = rows.stream().filter(r -> BA_DINH.equals(r.get(0))).findFirst().orElseThrow();
            assertEquals(0, BigDecimal.valueOf(scansBaDinh).compareTo((BigDecimal) baDinh.get(9)), baDinh.toString());
            BigDecimal total = rows.stream().skip(1).map(r -> (BigDecimal) r.get(9)).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, BigDecimal.valueOf(scansHaNoi).compareTo(total), "every district's scans add up to the city's");

            // Signing out at the gateway ends the session: the dashboard asks to sign in again.
            browser.open(edgeUrl("/dashboard/logout"));
            browser.open(edgeUrl("/dashboard"));
            browser.waitUntil("return document.getElementById('username') !== null", Duration.ofSeconds(20));
        }
    }

    private static long scans(Predicate<String> commune) {
        return SENT.stream().filter(s -> s.direction().equals("IN") && commune.test(s.commune())).map(Sent::id).distinct().count();
    }

    private static long people(Predicate<String> commune) {
        return SENT.stream().filter(s -> s.direction().equals("IN") && commune.test(s.commune())).map(Sent::person).distinct().count();
    }

    @Test
    @Order(7)
    void anInspectorRecordsAViolationAndThePublicListShowsIt() throws Exception {
        Venue cafe = VENUES.get("cafe");
        String inspector = user("inspector-hadong");
        String body = json(Map.of("violations", List.of("NOT_ENFORCING_SCAN"), "fineVnd", 7_500_000, "note", "Không yêu cầu khách quét mã"));
        JsonNode recorded = edge("POST", "/api/v1/venues/" + cafe.id() + "/inspections", inspector, "application/json", body).ok(201).json();
        assertEquals("NON_COMPLIANT", recorded.get("result").asText());
        assertEquals(7_500_000, recorded.get("fineVnd").asLong());

        // Open data: no token needed.
        JsonNode list = edge("GET", "/api/v1/public/non-compliant-venues?area=" + HA_DONG, null, null, null).ok(200).json();
        List<JsonNode> items = stream(list.get("items")).toList();
        JsonNode listed = items.stream().filter(v -> v.get("id").asLong() == cafe.id()).findFirst()
                .orElseThrow(() -> new AssertionError("the café is not on the public list: " + list));
        assertEquals(cafe.name(), listed.get("name").asText());
        assertEquals(List.of("NOT_ENFORCING_SCAN"), stream(listed.get("violations")).map(JsonNode::asText).toList());
        assertFalse(listed.toString().contains("0912000001"), "no owner phone on the public list");
        assertTrue(items.stream().noneMatch(v -> v.get("id").asLong() == VENUES.get("pharmacy").id()), "the uninspected pharmacy is not listed");

        // A venue outside the inspector's district (Ba Đình): refused by venue-service, which knows where venues are.
        Answer outside = edge("POST", "/api/v1/venues/" + VENUES.get("supermarket").id() + "/inspections", inspector, "application/json", body);
        assertProblem(outside, 403);
    }

    /**
     * The same work on the inspectors' screen (venue-service's /inspector through the gateway), signed in on Keycloak's
     * own form as Hà Đông's inspector: the screen lists the district's venues only, finds the bakery the agency's
     * operator imported by its name, shows a refused inspection by the API's problem, records a violation with a fine
     * and sends a reminder, each answer shown; the public list (no token) then has the bakery with those violations;
     * signed out. Another venue than the API step's, so the two steps do not depend on each other's order.
     */
    @Test
    @Order(7)
    void anInspectorWorksOnTheInspectorScreen() throws Exception {
        String bakeryName = "Tiệm bánh Tràng An " + RUN;
        try (HeadlessChromium browser = new HeadlessChromium(1280, 1000, null)) {
            signIn(browser, edgeUrl("/inspector"), "inspector-hadong",
                    "return document.body && document.body.dataset.state === 'ready' && !!document.getElementById('venues')");
            assertTrue(browser.url().startsWith(edgeUrl("/inspector")), browser.url());
            assertEquals(HA_DONG, browser.script("return document.body.dataset.area").asText());
            assertEquals("Quận Hà Đông", browser.text("#area-name"), "names the inspector's district");

            // The first list is the district's: the café and the pharmacy (Mộ Lao), never Ba Đình's supermarket.
            Set<Long> listed = stream(browser.script("return [...document.querySelectorAll('#venues tbody tr[data-id]')].map(tr => Number(tr.dataset.id))"))
                    .map(JsonNode::asLong).collect(Collectors.toSet());
            assertTrue(listed.containsAll(Set.of(VENUES.get("cafe").id(), VENUES.get("pharmacy").id())), listed.toString());
            assertFalse(listed.contains(VENUES.get("supermarket").id()), "a venue outside the district is not listed: " + listed);

            // Find the bakery by its name, in Mộ Lao.
            browser.type("#q", bakeryName);
            browser.script("document.getElementById('commune').value = '" + MO_LAO + "';");
            browser.click("#search-button");
            browser.waitUntil("return document.body.dataset.state === 'ready' && document.querySelectorAll('#venues tbody tr[data-id]').length === 1"
                    + " && document.querySelector('#venues tbody tr[data-id] td.name').textContent === '" + bakeryName + "'", Duration.ofSeconds(20));
            long bakery = browser.script("return Number(document.querySelector('#venues tbody tr[data-id]').dataset.id)").asLong();
            browser.click("button.open[data-id='" + bakery + "']");
            browser.waitUntil("return document.getElementById('venue').dataset.state === 'ready' && document.getElementById('venue').dataset.venueId === '"
                    + bakery + "'", Duration.ofSeconds(20));
            assertEquals(bakeryName, browser.text("#venue-name"));
            assertEquals(1, browser.script("return document.querySelectorAll('#inspections tbody tr').length").asLong(), "no inspection yet");
            assertEquals(0, browser.script("return document.querySelectorAll('#inspections tbody tr[data-id]').length").asLong());

            // A fine without a violation: venue-service refuses it and the screen shows its problem.
            browser.type("#fine", "1000000");
            String[] refused = actOnScreen(browser, "#inspect-button");
            assertEquals("problem", refused[0], refused[1]);
            assertTrue(refused[1].contains("fineVnd: a compliant venue is not fined"), refused[1]);

            // The violations found, the fine (the field was left as typed) and a note: recorded, and the history shows it.
            browser.click("#inspect input[name='violation'][value='NO_QR']");
            browser.click("#inspect input[name='violation'][value='WRONG_TEMPLATE']");
            browser.script("document.getElementById('fine').value = '';");
            browser.type("#fine", "7500000");
            browser.type("#note", "Mã QR tự in, không đúng mẫu " + RUN);
            String[] recorded = actOnScreen(browser, "#inspect-button");
            assertEquals("ok", recorded[0], recorded[1]);
            assertTrue(recorded[1].startsWith("Đã ghi biên bản số "), recorded[1]);
            assertTrue(recorded[1].contains("7.500.000 đ"), recorded[1]);
            assertEquals(List.of("NON_COMPLIANT"), stream(browser.script(
                    "return [...document.querySelectorAll('#inspections tbody tr[data-id]')].map(tr => tr.dataset.result)")).map(JsonNode::asText).toList());

            // A reminder: the first since the venue last complied.
            browser.type("#remind-note", "Đề nghị niêm yết mã QR đúng mẫu");
            String[] reminded = actOnScreen(browser, "#remind-button");
            assertEquals("ok", reminded[0], reminded[1]);
            assertEquals("Đã gửi nhắc nhở: 1 lần chưa khắc phục", reminded[1]);
            assertTrue(browser.text("#reminders-count").endsWith(": 1"), browser.text("#reminders-count"));
            // Nothing personal ever reached the page's address.
            assertFalse(browser.url().contains("0912000005"), browser.url());

            // The screen's link to the district's public list, read without a token: the bakery with what was found.
            String publicList = browser.script("return document.getElementById('public-list').getAttribute('href')").asText();
            assertEquals("/api/v1/public/non-compliant-venues?area=" + HA_DONG, publicList);
            JsonNode list = edge("GET", publicList + "&limit=500", null, null, null).ok(200).json();
            JsonNode shown = stream(list.get("items")).filter(v -> v.get("id").asLong() == bakery).findFirst()
                    .orElseThrow(() -> new AssertionError("the bakery is not on the public list: " + list));
            assertEquals(bakeryName, shown.get("name").asText());
            assertEquals(List.of("NO_QR", "WRONG_TEMPLATE"), stream(shown.get("violations")).map(JsonNode::asText).toList());
            assertFalse(list.toString().contains("0912000005"), "no owner phone on the public list");
            browser.screenshot(Path.of("target", "screenshots", "inspector-through-gateway.png"));

            // Suspended with a reason (the public list says so), then reinstated: each answer shown, the status with it.
            String reason = "Không khắc phục sau kiểm tra " + RUN;
            browser.type("#suspend-reason", reason);
            String[] suspended = actOnScreen(browser, "#suspend-button");
            assertEquals("ok", suspended[0], suspended[1]);
            assertEquals("Trạng thái: Bị đình chỉ — " + reason, suspended[1]);
            assertEquals("SUSPENDED", browser.script("return document.getElementById('venue').dataset.status").asText());
            JsonNode whileSuspended = stream(edge("GET", publicList + "&limit=500", null, null, null).ok(200).json().get("items"))
                    .filter(v -> v.get("id").asLong() == bakery).findFirst().orElseThrow();
            assertEquals("SUSPENDED", whileSuspended.get("status").asText(), whileSuspended.toString());
            assertEquals(reason, whileSuspended.get("suspensionReason").asText(), whileSuspended.toString());
            String[] reinstated = actOnScreen(browser, "#reinstate-button");
            assertEquals("ok", reinstated[0], reinstated[1]);
            assertEquals("Trạng thái: Đang hoạt động", reinstated[1]);
            assertEquals("ACTIVE", browser.script("return document.getElementById('venue').dataset.status").asText());
            // Reinstating an active venue is the API's problem (409), shown by its detail: the screen disables the button, so
            // the test enables it to ask anyway.
            browser.script("document.getElementById('reinstate-button').disabled = false;");
            String[] again = actOnScreen(browser, "#reinstate-button");
            assertEquals("problem", again[0], again[1]);
            assertEquals("venue " + bakery + " is not suspended", again[1]);

            // Signing out at the gateway ends the session: the screen asks to sign in again.
            browser.click("#logout");
            browser.open(edgeUrl("/inspector"));
            browser.waitUntil("return document.getElementById('username') !== null", Duration.ofSeconds(20));
        }
    }

    /** Clicks an action of the inspectors' screen and waits for the API's answer: its kind ("ok", "problem") and text. */
    private static String[] actOnScreen(HeadlessChromium browser, String button) throws Exception {
        browser.script("document.getElementById('answer').dataset.kind = 'waiting';");
        browser.click(button);
        browser.waitUntil("return document.getElementById('venue').dataset.state === 'ready' && document.getElementById('answer').dataset.kind !== 'waiting'",
                Duration.ofSeconds(20));
        return new String[] { browser.script("return document.getElementById('answer').dataset.kind").asText(), browser.text("#answer") };
    }

    @Test
    @Order(8)
    void tokensOfTheWrongRoleOrAreaAreRefusedAtTheEdgeAndAtTheService() throws Exception {
        String operator = user("operator-hanoi");
        String owner = user("owner-demo");

        // An operator is no tracer. The service refuses it (403)...
        assertProblem(service("GET", "tracing-service", "/api/v1/tracing/cases", operator), 403);
        // ...and the gateway refuses it before any service sees it: on a path tracing-service does not have (it would
        // answer 404 there) the gateway still answers 403 itself.
        assertEquals(404, service("GET", "tracing-service", "/api/v1/tracing/no-such-thing", operator).status());
        assumeFalse(DIRECT, "without the gateway there is no edge to check");
        assertProblem(edge("GET", "/api/v1/tracing/cases", operator, null, null), 403);
        assertProblem(edge("GET", "/api/v1/tracing/no-such-thing", operator, null, null), 403);

        // Hà Nội's operator asks for Hồ Chí Minh City's figures: the service refuses (403); so does the gateway, from the
        // token's area, even for a request the service would have refused otherwise (a malformed date: 400 there).
        assertProblem(service("GET", "report-service", "/api/v1/reports/summary?area=79", operator), 403);
        assertEquals(400, service("GET", "report-service", "/api/v1/reports/summary?area=79&date=not-a-date", operator).status());
        assertProblem(edge("GET", "/api/v1/reports/summary?area=79", operator, null, null), 403);
        assertProblem(edge("GET", "/api/v1/reports/summary?area=79&date=not-a-date", operator, null, null), 403);
        // Its own area passes the edge (the date problem is then the service's).
        assertEquals(400, edge("GET", "/api/v1/reports/summary?area=01&date=not-a-date", operator, null, null).status());

        // A venue owner is no national app: check-ins refused at the service and at the edge.
        String one = checkin("e2e-" + RUN + "-owner", VENUES.get("cafe"), BYSTANDER, "IN", at(16, 0));
        assertProblem(service("POST", "checkin-service", "/api/v1/checkins", owner, "application/json", one), 403);
        assertProblem(edge("POST", "/api/v1/checkins", owner, "application/json", one), 403);
        // Without a token: 401 at the edge.
        assertEquals(401, edge("POST", "/api/v1/checkins", null, "application/json", one).status());
        // The internal snapshot is not routed.
        assertEquals(404, edge("GET", "/api/v1/internal/venues", client("qrcheckin-demo", "demo-secret"), null, null).status());
    }

    @Test
    @Order(9)
    void theGatewayServesOneOpenApiDocumentForTheSuite() throws Exception {
        assumeFalse(DIRECT, "the merged document is the gateway's");
        // The document the gateway's Swagger UI (/q/swagger-ui) shows: every service's routed paths, not the internal ones.
        String doc = edge("GET", "/openapi", null, null, null, "Accept", "application/json").ok(200).body();
        for (String path : List.of("/api/v1/venues/imports", "/api/v1/checkins/batch", "/api/v1/scans", "/api/v1/tracing/cases/{id}/contacts",
                "/api/v1/reports/summary", "/api/v1/public/non-compliant-venues", "/q/{token}")) {
            assertTrue(doc.contains(path), path + " in the gateway's merged OpenAPI document");
        }
        assertFalse(doc.contains("/api/v1/internal"), "the internal snapshot is not routed, so not documented");
        assertEquals(200, edge("GET", "/q/swagger-ui/", null, null, null).status());
    }

    @Test
    @Order(20)
    void aSecondGatewayInstanceTakesTheSameSessionAndSpendsFromTheSameRateLimits() throws Exception {
        assumeFalse(DIRECT, "the gateway's instances");
        // A second gateway as a cluster would run it: same services, Redis prefix and keys (scripts/suite.sh, gateway only).
        Map<String, String> second = new HashMap<>(SUITE_ENV);
        int port = freePort();
        second.put("SUITE_SERVICES", "gateway");
        second.put("GATEWAY_PORT", Integer.toString(port));
        second.put("SUITE_DIR", SUITE_DIR.resolve("second-gateway").toString());
        script(Duration.ofMinutes(2), second, "scripts/suite.sh", "start");
        try {
            String a = edgeUrl("");
            String b = "http://127.0.0.1:" + port;
            // Signed in through one instance (Keycloak's real form), the browser's next page comes from the other: the same
            // session (a browser sends a host's cookies to every port of it, as to every replica behind one name).
            try (HeadlessChromium browser = new HeadlessChromium(1280, 1000, null)) {
                signIn(browser, a + "/dashboard", "operator-hanoi", "return document.body && document.body.dataset.state === 'ready'");
                browser.open(b + "/dashboard");
                browser.waitUntil("return document.body && (document.body.dataset.state === 'ready' || document.getElementById('username') !== null)",
                        Duration.ofSeconds(30));
                assertTrue(browser.url().startsWith(b + "/dashboard"), "the second instance served the page without a new sign-in: " + browser.url());
                assertEquals(HA_NOI, browser.script("return document.body.dataset.startArea").asText(), "the operator's dashboard");
            }

            // One address's budget on the public endpoints, spent through both instances: when one refuses, so does the
            // other, and together they let through no more than one instance's figure (600 a minute). Across a minute's
            // edge the windows restart: tried again then.
            for (int attempt = 0; ; attempt++) {
                long minute = System.currentTimeMillis() / 60_000;
                int passed = 0;
                int passedB = 0;
                int firstRefusal = -1;
                for (int i = 0; i < 1300 && firstRefusal < 0; i++) {
                    int status = get((i % 2 == 0 ? a : b) + "/api/v1/qr-keys", null).status();
                    if (status == 200) {
                        passed++;
                        passedB += i % 2;
                    } else {
                        assertEquals(429, status);
                        firstRefusal = i;
                    }
                }
                if (System.currentTimeMillis() / 60_000 != minute && attempt == 0) {
                    continue;
                }
                assertTrue(firstRefusal >= 0, "one address's 1,300 requests all passed");
                assertTrue(passed <= 600, "both instances together let through " + passed + " (one budget: 600)");
                assertTrue(passedB > 0 && passed - passedB > 0, "both instances served some");
                String other = firstRefusal % 2 == 0 ? b : a;
                Answer refused = get(other + "/api/v1/qr-keys", null);
                assertEquals(429, refused.status(), "the other instance refuses too");
                assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, refused.header("Retry-After"));
                break;
            }
        } finally {
            script(Duration.ofMinutes(1), second, "scripts/suite.sh", "stop");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Opens a staff page through the gateway, signs in on Keycloak's own form (password demo), waits for the page. */
    private static void signIn(HeadlessChromium browser, String page, String user, String ready) throws Exception {
        browser.open(page);
        browser.type("#username", user);
        browser.type("#password", "demo");
        browser.click("#kc-login");
        browser.waitUntil(ready, Duration.ofSeconds(30));
    }

    private static Instant at(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(VIETNAM).toInstant();
    }

    record Answer(String what, int status, String body, HttpResponse<byte[]> raw) {
        Answer ok(int expected) {
            assertEquals(expected, status, what + ": " + body);
            return this;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse("");
        }
    }

    private static String publicUrl() {
        return DIRECT ? service("checkin-service", "") : edgeUrl("");
    }

    /** The gateway's URL of a path (with -De2e.direct, the URL of the service the gateway would route it to). */
    private static String edgeUrl(String path) {
        if (!DIRECT) {
            return "http://127.0.0.1:" + PORTS.get("gateway") + path;
        }
        String service = path.startsWith("/api/v1/venues") || path.startsWith("/api/v1/public") || path.startsWith("/api/v1/admin-units")
                ? "venue-service"
                : path.startsWith("/api/v1/tracing") || path.startsWith("/api/v1/exposure-sites") ? "tracing-service"
                        : path.startsWith("/api/v1/reports") || path.startsWith("/dashboard") ? "report-service" : "checkin-service";
        return service(service, path);
    }

    private static String service(String name, String path) {
        return "http://127.0.0.1:" + PORTS.get(name) + path;
    }

    private static Answer edge(String method, String path, String token, String type, String body, String... headers) throws Exception {
        return send(method, edgeUrl(path), token, type, body, headers);
    }

    private static Answer service(String method, String name, String path, String token) throws Exception {
        return send(method, service(name, path), token, null, null);
    }

    private static Answer service(String method, String name, String path, String token, String type, String body) throws Exception {
        return send(method, service(name, path), token, type, body);
    }

    private static Answer get(String url, String token) throws Exception {
        return send("GET", url, token, null, null);
    }

    private static Answer send(String method, String url, String token, String type, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(method + " " + url, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
    }

    /** A refusal as an RFC 9457 problem with the status in its body too. */
    private static void assertProblem(Answer a, int status) throws IOException {
        assertEquals(status, a.status(), a.what() + ": " + a.body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.what() + ": " + a.header("Content-Type"));
        assertEquals(status, a.json().path("status").asInt(), a.body());
    }

    /** A staff member's access token from Keycloak (password grant through the command-line client). */
    private static String user(String name) throws Exception {
        return token("grant_type=password&client_id=qrcheckin-cli&username=" + enc(name) + "&password=demo");
    }

    /** A client's own access token (client credentials). */
    private static String client(String id, String secret) throws Exception {
        return token("grant_type=client_credentials&client_id=" + enc(id) + "&client_secret=" + enc(secret));
    }

    private static String token(String form) throws Exception {
        Answer a = send("POST", OIDC + "/protocol/openid-connect/token", null, "application/x-www-form-urlencoded", form).ok(200);
        return a.json().get("access_token").asText();
    }

    private interface Check<T> {
        T get() throws Exception;
    }

    /** Polls until the check answers true (or a non-null value), for at most {@link #PATIENCE}. */
    @SuppressWarnings("unchecked")
    private static <T> T await(String what, Check<?> check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                Object v = check.get();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return (T) v;
                }
                last = null;
            } catch (AssertionError | IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + PATIENCE + ": " + what + (last == null ? "" : " (last: " + last + ")"));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l.stream();
    }

    private static String json(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean answers(String url) {
        try {
            return get(url, null).status() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Figures as the page prints them (Vietnamese groups digits with dots). */
    private static long number(String shown) {
        return Long.parseLong(shown.replaceAll("[^0-9]", ""));
    }

    private static Path awaitDownload(Path dir, String suffix) throws Exception {
        return await("a " + suffix + " file downloaded to " + dir, () -> {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElse(null);
            }
        });
    }

    /** The first sheet's rows: numbers as BigDecimal, text as String, empty cells as null. */
    private static List<List<Object>> xlsx(byte[] file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(file))) {
            for (Row r : book.getFirstSheet().read()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < r.getCellCount(); c++) {
                    Cell cell = r.getCell(c);
                    CellType type = cell == null ? CellType.EMPTY : cell.getType();
                    row.add(switch (type) {
                        case NUMBER -> cell.asNumber();
                        case STRING -> cell.asString();
                        case EMPTY -> null;
                        default -> throw new AssertionError("unexpected cell " + cell);
                    });
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
