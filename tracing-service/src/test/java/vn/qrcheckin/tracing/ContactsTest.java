package vn.qrcheckin.tracing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.testsupport.TestTokens;
import vn.qrcheckin.tracing.TestCheckins.P;
import vn.qrcheckin.tracing.messaging.VisitSink;

/**
 * F1/F2 through the API against real PostgreSQL: a hand-checked scenario, and random ones compared with a
 * brute-force computation of the documented rules (15-minute buffer decides who counts; minutes count only real
 * co-presence; F2 from each F1's first exposure to the end of the case's window). Also access by province, the
 * audit log, CSV cells made inert, and bad input.
 */
@QuarkusTest
class ContactsTest {

    private static final Duration BUFFER = Duration.ofMinutes(15);

    @Inject
    TestCheckins data;
    @Inject
    VisitSink sink;
    @Inject
    Pool pool;

    private final List<StreamEntry> pending = new ArrayList<>();

    private void in(String id, P p, long venue, Instant at) {
        pending.add(data.entry(data.event(id, p, venue, Direction.IN, at)));
    }

    private void out(P p, long venue, Instant at) {
        pending.add(data.entry(data.event("out-" + UUID.randomUUID(), p, venue, Direction.OUT, at)));
    }

    private void flush() {
        sink.write(List.copyOf(pending)).await().indefinitely();
        pending.clear();
    }

    private static String caseBody(P p, Instant from, Instant to, String province) {
        return "{\"person\":{\"idType\":\"" + p.type() + "\",\"number\":\"" + p.number() + "\"},\"infectiousFrom\":\"" + from
                + "\",\"infectiousTo\":\"" + to + "\",\"provinceCode\":\"" + province + "\",\"label\":\"test\"}";
    }

    private long open(P p, Instant from, Instant to) {
        return given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body(caseBody(p, from, to, "01"))
                .post("/api/v1/tracing/cases").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private JsonPath contacts(long caseId, int depth) {
        return given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/cases/" + caseId + "/contacts?depth=" + depth).then()
                .statusCode(200).extract().jsonPath();
    }

    private static Instant base() {
        return Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
    }

    @Test
    void aHandCheckedCase() {
        long market = data.venue("Chợ Mộ Lao", VenueType.MARKET); // 60 minutes without a check-out
        long school = data.venue("Trường Mầm non Hoa Sen", VenueType.SCHOOL);
        Instant t = base(); // 10:00 in the story
        P c = P.phone("0913100001", "Ca bệnh");
        P a = P.phone("0913100002", "Nguyễn Văn A");
        P b = P.phone("0913100003", "Trần Thị B");
        P d = P.phone("0913100004", "Lê Văn D");
        P e = P.cccd("001094013100", "=HYPERLINK(\"http://x\")", "0913100005");
        in("h-c", c, market, t); // 10:00-11:00
        in("h-a", a, market, t.plus(Duration.ofMinutes(30))); // 10:30-11:30: 30 minutes together
        in("h-b", b, market, t.plus(Duration.ofMinutes(70))); // 11:10: after the case left, within the buffer: F1, 0 minutes
        in("h-d", d, market, t.plus(Duration.ofMinutes(80))); // 11:20-12:20: past the buffer: not F1; but with A 10 min, B 50 min: F2
        in("h-a2", a, school, t.plus(Duration.ofMinutes(120))); // A at 12:00, checks out 12:40
        out(a, school, t.plus(Duration.ofMinutes(160)));
        in("h-e", e, school, t.plus(Duration.ofMinutes(150))); // E 12:30: 10 minutes with A: F2 via A
        flush();
        long id = open(c, t.minus(Duration.ofHours(1)), t.plus(Duration.ofHours(4)));

        JsonPath f1 = contacts(id, 1);
        assertEquals(List.of(1, 1), f1.getList("items.depth"));
        assertEquals(List.of("0913100002", "0913100003"), f1.getList("items.number"));
        assertEquals(List.of(30, 0), f1.getList("items.overlapMinutes"));
        assertEquals("Nguyễn Văn A", f1.getString("items[0].name"));
        assertEquals("0913100002", f1.getString("items[0].phone"));
        assertEquals("Chợ Mộ Lao", f1.getString("items[0].exposures[0].venueName"));

        JsonPath f2 = contacts(id, 2);
        assertEquals(List.of("0913100002", "0913100003", "0913100004", "001094013100"), f2.getList("items.number"));
        assertEquals(List.of(1, 1, 2, 2), f2.getList("items.depth"));
        assertEquals(List.of(30, 0, 60, 10), f2.getList("items.overlapMinutes"));
        assertEquals("0913100003", f2.getString("items[2].via.number"), "D spent 50 of its 60 minutes with B");
        assertEquals("0913100002", f2.getString("items[3].via.number"));
        assertEquals("CCCD", f2.getString("items[3].idType"));

        // The case's visits: the market only (12:00 on is A's, not the case's).
        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/cases/" + id + "/visits").then().statusCode(200)
                .body("items.venueId", equalTo(List.of((int) market))).body("items[0].checkedOut", equalTo(false));

        // CSV for the team: E's name, a formula, comes out inert.
        String csv = given().auth().oauth2(TestTokens.tracer("01")).accept("text/csv").get("/api/v1/tracing/cases/" + id + "/contacts?depth=2")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), csv);
        assertFalse(csv.contains(",=HYPERLINK"), csv);

        // Every answer with personal data was audited: the two contact lists, the CSV, the visits.
        List<String> actions = given().auth().oauth2(TestTokens.admin()).get("/api/v1/tracing/audit?limit=1000").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.caseId == " + id + " }.action");
        assertEquals(List.of("contacts depth 1", "contacts depth 2", "case visits", "contacts depth 2"), actions);
        // And it cannot be changed, not even from inside the database.
        Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> pool.query("DELETE FROM audit_log").execute().await().indefinitely());
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
    }

    @Test
    void aTracerOfAnotherProvinceIsRefusedAndBadInputNamesTheField() {
        Instant t = base();
        P c = P.phone("0913200001", "Ca bệnh");
        long id = open(c, t, t.plus(Duration.ofHours(5)));
        given().auth().oauth2(TestTokens.tracer("79")).get("/api/v1/tracing/cases/" + id + "/contacts").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.tracer("79")).contentType(ContentType.JSON).body(caseBody(c, t, t.plusSeconds(60), "01"))
                .post("/api/v1/tracing/cases").then().statusCode(403);
        given().auth().oauth2(TestTokens.operator("01")).get("/api/v1/tracing/cases/" + id).then().statusCode(403);
        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/cases/" + id + "/contacts?depth=3").then().statusCode(400)
                .body("errors[0].field", equalTo("depth"));
        given().auth().oauth2(TestTokens.tracer("01")).get("/api/v1/tracing/cases/999999999/contacts").then().statusCode(404);
        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body(caseBody(c, t, t.minusSeconds(1), "01"))
                .post("/api/v1/tracing/cases").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("infectiousTo"));
        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body(caseBody(c, t, t.plus(Duration.ofDays(30)), "01"))
                .post("/api/v1/tracing/cases").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("infectiousTo"));
        given().auth().oauth2(TestTokens.tracer("01")).contentType(ContentType.JSON).body(caseBody(P.phone("12", "x"), t, t.plusSeconds(60), "01"))
                .post("/api/v1/tracing/cases").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("person.number"));
    }

    /** A visit in the brute force: who, where, when. */
    private record V(String key, long venue, Instant from, Instant to) {
    }

    private record Expected(int depth, long seconds) {
    }

    @Test
    void randomCasesMatchABruteForceComputation() {
        Random random = new Random(20211005);
        for (int round = 0; round < 3; round++) {
            List<Long> venueIds = new ArrayList<>();
            List<VenueType> types = List.of(VenueType.MARKET, VenueType.SHOP, VenueType.PHARMACY, VenueType.RESTAURANT_CAFE);
            for (VenueType type : types) {
                venueIds.add(data.venue("Random " + type + " " + round, type));
            }
            Instant t0 = base().minus(Duration.ofHours(round * 7L));
            List<P> people = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                people.add(P.phone(String.format("09140%02d%03d", round, i), "Người " + i));
            }
            List<V> visits = new ArrayList<>();
            for (int i = 0; i < people.size(); i++) {
                P p = people.get(i);
                int n = 1 + random.nextInt(4);
                // Each venue at most once a person: a check-out closes that person's latest visit there.
                List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
                java.util.Collections.shuffle(order, random);
                for (int k = 0; k < n; k++) {
                    int v = order.get(k);
                    Instant at = t0.plus(Duration.ofMinutes(random.nextInt(360)));
                    Instant end = at.plus(Duration.ofMinutes(types.get(v).defaultDwellMinutes()));
                    in("r" + round + "-" + i + "-" + k + "-" + UUID.randomUUID(), p, venueIds.get(v), at);
                    if (random.nextInt(3) == 0) {
                        end = at.plus(Duration.ofMinutes(1 + random.nextInt(90)));
                        out(p, venueIds.get(v), end);
                    }
                    visits.add(new V(data.key(p), venueIds.get(v), at, end));
                }
            }
            flush();
            P c = people.get(0);
            Instant from = t0.plus(Duration.ofHours(1));
            Instant to = t0.plus(Duration.ofHours(5));
            long id = open(c, from, to);
            Map<String, Expected> expected = bruteForce(visits, data.key(c), from, to);
            Map<String, String> numbers = new HashMap<>();
            people.forEach(p -> numbers.put(data.key(p), p.number()));

            JsonPath got = contacts(id, 2);
            Map<String, Expected> actual = new HashMap<>();
            List<Map<String, Object>> items = got.getList("items");
            for (Map<String, Object> item : items) {
                String key = numbers.entrySet().stream().filter(e -> e.getValue().equals(item.get("number"))).findFirst().orElseThrow().getKey();
                assertFalse(actual.containsKey(key), "nobody twice");
                actual.put(key, new Expected((Integer) item.get("depth"), 60L * (Integer) item.get("overlapMinutes")));
            }
            Map<String, Expected> expectedMinutes = new HashMap<>();
            expected.forEach((k, e) -> expectedMinutes.put(k, new Expected(e.depth(), e.seconds() / 60 * 60)));
            assertEquals(expectedMinutes, actual, "round " + round);
            assertTrue(expected.values().stream().anyMatch(e -> e.depth() == 2), "the scenario has F2s");
            // Ranked by depth, then minutes.
            List<Expected> order = items.stream().map(i -> new Expected((Integer) i.get("depth"), (Integer) i.get("overlapMinutes"))).toList();
            List<Expected> sorted = new ArrayList<>(order);
            sorted.sort(Comparator.comparingInt(Expected::depth).thenComparing(Comparator.comparingLong(Expected::seconds).reversed()));
            assertEquals(sorted, order);
        }
    }

    /** The rules, computed the slow obvious way. */
    private static Map<String, Expected> bruteForce(List<V> visits, String caseKey, Instant from, Instant to) {
        List<V> caseWindows = merge(clip(visits.stream().filter(v -> v.key().equals(caseKey)).toList(), from, to));
        Map<String, Long> f1 = new HashMap<>();
        Map<String, Instant> first = new HashMap<>();
        for (V v : visits) {
            if (v.key().equals(caseKey)) {
                continue;
            }
            for (V w : caseWindows) {
                if (w.venue() == v.venue() && v.from().isBefore(w.to().plus(BUFFER)) && v.to().isAfter(w.from().minus(BUFFER))) {
                    f1.merge(v.key(), overlap(v, w), Long::sum);
                    Instant start = max(v.from(), w.from().minus(BUFFER));
                    first.merge(v.key(), start, (x, y) -> x.isBefore(y) ? x : y);
                }
            }
        }
        Map<String, Long> f2 = new HashMap<>();
        for (String f : f1.keySet()) {
            List<V> windows = merge(clip(visits.stream().filter(v -> v.key().equals(f)).toList(), first.get(f), to));
            for (V v : visits) {
                if (v.key().equals(caseKey) || f1.containsKey(v.key())) {
                    continue;
                }
                for (V w : windows) {
                    if (w.venue() == v.venue() && v.from().isBefore(w.to().plus(BUFFER)) && v.to().isAfter(w.from().minus(BUFFER))) {
                        f2.merge(v.key(), overlap(v, w), Long::sum);
                    }
                }
            }
        }
        Map<String, Expected> out = new HashMap<>();
        f1.forEach((k, s) -> out.put(k, new Expected(1, s)));
        f2.forEach((k, s) -> out.put(k, new Expected(2, s)));
        return out;
    }

    private static long overlap(V v, V w) {
        return Math.max(0, Duration.between(max(v.from(), w.from()), min(v.to(), w.to())).toSeconds());
    }

    private static List<V> clip(List<V> visits, Instant from, Instant to) {
        List<V> out = new ArrayList<>();
        for (V v : visits) {
            Instant s = max(v.from(), from);
            Instant e = min(v.to(), to);
            if (s.isBefore(e)) {
                out.add(new V(v.key(), v.venue(), s, e));
            }
        }
        return out;
    }

    private static List<V> merge(List<V> windows) {
        List<V> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(V::venue).thenComparing(V::from));
        List<V> out = new ArrayList<>();
        for (V w : sorted) {
            V last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.venue() == w.venue() && !w.from().isAfter(last.to())) {
                out.set(out.size() - 1, new V(w.key(), w.venue(), last.from(), max(last.to(), w.to())));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
