package vn.qrcheckin.report;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.contracts.units.AdminUnitCsv;
import vn.qrcheckin.contracts.units.AdminUnitRow;
import vn.qrcheckin.report.ReportData.Scan;
import vn.qrcheckin.report.messaging.ReportSink;
import vn.qrcheckin.report.messaging.VenueRollup;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * A randomised two weeks over communes of three districts in two provinces, fed to the sinks in shuffled batches
 * with repeats, late uploads, check-outs, declarations with and without symptoms, and check-ins on both sides of
 * 17:00 UTC (midnight in Vietnam); venues arrive in pages with stale versions, are suspended and reinstated, found
 * non-compliant and compliant again on days of the scenario, one moves commune after its first state is stored. Every figure the
 * API answers (summary, children, series, weekly, both lists) equals a brute-force count over the generated events,
 * written here without the service's code (days by a +7 hours offset, areas from the CSV rows).
 */
@QuarkusTest
class FiguresScenarioTest {

    private static final int DAYS = 14;

    @Inject
    ReportData data;
    @Inject
    ReportSink sink;
    @Inject
    VenueRollup venues;

    /** A unit of the data set: code, level, parent; the nation as "VN". */
    record Unit(String code, String name, String level, String parent) {
    }

    /** A venue's final place in the scenario and its registration day. */
    record V(long id, String commune, String district, String province, LocalDate registered) {
    }

    /** A venue state the service was handed that was newer than every earlier one of its venue, from its local day on. */
    record Seen(String commune, LocalDate from, boolean suspended, boolean nonCompliant) {
    }

    private final Map<String, Unit> units = new HashMap<>();
    private final Map<String, List<String>> communesUnder = new HashMap<>();

    private static LocalDate vnDay(Instant at) {
        return at.atOffset(ZoneOffset.ofHours(7)).toLocalDate();
    }

    private void loadUnits() throws Exception {
        units.put("VN", new Unit("VN", "Việt Nam", "NATION", null));
        for (AdminUnitRow r : AdminUnitCsv.load(AdminUnitCsv.DEFAULT_RESOURCE)) {
            units.put(r.code(), new Unit(r.code(), r.name(), r.level().name(), r.parentCode() == null ? "VN" : r.parentCode()));
            if (r.level() == AdminLevel.COMMUNE) {
                for (String a = r.code(); a != null; a = units.get(a).parent()) {
                    communesUnder.computeIfAbsent(a, k -> new ArrayList<>()).add(r.code());
                }
            }
        }
    }

    private boolean within(String commune, String area) {
        for (String a = commune; a != null; a = units.get(a).parent()) {
            if (a.equals(area)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyFigureEqualsABruteForceCountOverTheRawEvents() throws Exception {
        loadUnits();
        data.forgetEverything();
        Random random = new Random(20211001L);
        LocalDate today = vnDay(Instant.now());
        LocalDate first = today.minusDays(DAYS - 1);

        // Places: four communes of Hà Đông, three of Ba Đình (Hà Nội), three of District 1 (Hồ Chí Minh City).
        List<String> places = new ArrayList<>();
        for (String district : List.of(ReportData.HA_DONG, "001", ReportData.DISTRICT_1)) {
            List<String> cs = communesUnder.get(district);
            places.addAll(cs.subList(0, district.equals(ReportData.HA_DONG) ? 4 : 3));
        }

        // Venues: registered over three weeks (version 1, active and compliant), then changed twice at later times:
        // suspended or reinstated, found non-compliant or compliant again. The first starts in District 1, is suspended
        // and non-compliant there at version 2 and moves commune, active and compliant, at version 3.
        Instant now = Instant.now();
        List<V> finals = new ArrayList<>();
        List<List<VenueEvent>> arrivals = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 24; i++) {
            long id = ReportData.newVenueId();
            String commune = places.get(random.nextInt(places.size() - (i == 0 ? 1 : 0)));
            String c1 = i == 0 ? places.get(places.size() - 1) : commune;
            Instant registeredAt = now.minus(Duration.ofHours(i == 0 ? 12 * 24 : random.nextInt(21 * 24)));
            Instant changed2 = i == 0 ? now.minus(Duration.ofDays(8))
                    : registeredAt.plusSeconds((long) (random.nextDouble() * Duration.between(registeredAt, now).toSeconds()));
            Instant changed3 = i == 0 ? now.minus(Duration.ofDays(3))
                    : changed2.plusSeconds((long) (random.nextDouble() * Duration.between(changed2, now).toSeconds()));
            boolean suspended2 = i == 0 || random.nextInt(3) == 0;
            boolean nonCompliant2 = i == 0 || random.nextInt(3) == 0;
            boolean suspended3 = i != 0 && random.nextInt(4) == 0;
            boolean nonCompliant3 = i != 0 && random.nextInt(4) == 0;
            arrivals.get(0).add(state(id, c1, registeredAt, false, false, 1, registeredAt));
            // Version 2 arrives before version 3 for even venues; for odd ones after it (stale: counts nothing).
            arrivals.get(i % 2 == 0 ? 1 : 3).add(state(id, c1, registeredAt, suspended2, nonCompliant2, 2, changed2));
            arrivals.get(2).add(state(id, commune, registeredAt, suspended3, nonCompliant3, 3, changed3));
            finals.add(new V(id, commune, units.get(commune).parent(), units.get(units.get(commune).parent()).parent(), vnDay(registeredAt)));
        }
        // In that order, in pages as the follower hands them over, each twice (a snapshot reloaded).
        Map<Long, Long> versions = new HashMap<>();
        Map<Long, List<Seen>> seen = new HashMap<>();
        for (List<VenueEvent> arrival : arrivals) {
            for (int i = 0; i < arrival.size(); i += 7) {
                List<VenueEvent> page = arrival.subList(i, Math.min(arrival.size(), i + 7));
                venues.apply(page).await().indefinitely();
                venues.apply(page).await().indefinitely();
            }
            for (VenueEvent e : arrival) {
                if (e.version() > versions.getOrDefault(e.venueId(), 0L)) {
                    versions.put(e.venueId(), e.version());
                    seen.computeIfAbsent(e.venueId(), k -> new ArrayList<>())
                            .add(new Seen(e.communeCode(), vnDay(e.occurredAt()), "SUSPENDED".equals(e.status()), e.nonCompliant()));
                }
            }
        }

        // Check-ins: 50 people; eight busy venues scan most days (regulars), the rest now and then.
        List<Scan> scans = new ArrayList<>();
        for (int n = 0; n < 900; n++) {
            V v = finals.get(n % 3 == 0 ? random.nextInt(8) : random.nextInt(finals.size()));
            LocalDate day = first.plusDays(random.nextInt(DAYS));
            if (n % 3 == 0 && random.nextInt(4) == 0) {
                continue; // busy venues skip a day now and then
            }
            // Local hours 0..23 of that day; a tenth exactly at midnight (17:00 UTC the day before) or a second before it.
            Instant at = day.atStartOfDay().toInstant(ZoneOffset.ofHours(7)).plusSeconds(random.nextInt(24 * 3600));
            if (n % 10 == 0) {
                at = day.atStartOfDay().toInstant(ZoneOffset.ofHours(7)).minusSeconds(n % 20 == 0 ? 0 : 1);
                if (vnDay(at).isBefore(first)) {
                    at = at.plus(Duration.ofDays(1));
                }
            }
            if (at.isAfter(Instant.now())) {
                at = Instant.now().minusSeconds(random.nextInt(3600));
            }
            Declaration d = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> ReportData.declaration(false, false, false);
                case 2 -> ReportData.declaration(random.nextBoolean(), random.nextBoolean(), true);
                default -> n % 2 == 0 ? ReportData.declaration(false, true, false) : null;
            };
            Direction dir = random.nextInt(8) == 0 ? Direction.OUT : Direction.IN;
            scans.add(new Scan(ReportData.newId("sc"), v.id(), v.commune(), v.district(), v.province(), "person-" + random.nextInt(50), dir, at, d));
        }
        // Feed: shuffled batches of up to 40, late uploads of the oldest days last, a tenth repeated later, one batch twice.
        List<Scan> order = new ArrayList<>(scans);
        Collections.shuffle(order, random);
        order.sort(Comparator.comparing(s -> vnDay(s.at()).isBefore(first.plusDays(3)) ? 1 : 0));
        List<Scan> feed = new ArrayList<>(order);
        for (int i = 0; i < order.size(); i += 10) {
            feed.add(order.get(i));
        }
        for (int i = 0; i < feed.size(); i += 40) {
            List<StreamEntry> batch = feed.subList(i, Math.min(feed.size(), i + 40)).stream().map(ReportData::entry).toList();
            sink.write(batch).await().indefinitely();
            if (i == 120) {
                sink.write(batch).await().indefinitely(); // redelivered whole
            }
        }

        Expected expected = new Expected(scans, finals, seen);
        // The scenario is not vacuous: regular venues, symptoms, check-ins at local midnight, repeats all occur.
        org.junit.jupiter.api.Assertions.assertTrue(java.util.stream.IntStream.range(0, DAYS)
                .anyMatch(i -> expected.regular("VN", first.plusDays(i)) > 0), "some venue scans regularly");
        org.junit.jupiter.api.Assertions.assertTrue(expected.counted("VN", d -> true).stream().anyMatch(s -> s.declaration() != null
                && Boolean.TRUE.equals(s.declaration().breathingDifficulty())), "symptoms declared");
        org.junit.jupiter.api.Assertions.assertTrue(expected.counted("VN", d -> true).stream()
                .anyMatch(s -> s.at().atOffset(ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.of(17, 0))), "a check-in at 17:00 UTC");
        // Venues suspended on a day of the series and reinstated on a later one, others the other way round.
        Predicate<Predicate<Seen>> onSomeDaysOnly = state -> finals.stream().anyMatch(v -> {
            List<Boolean> days = java.util.stream.IntStream.range(0, DAYS).mapToObj(i -> expected.at(v.id(), first.plusDays(i)))
                    .map(st -> st != null && state.test(st)).toList();
            return days.contains(true) && !days.get(DAYS - 1);
        });
        org.junit.jupiter.api.Assertions.assertTrue(onSomeDaysOnly.test(Seen::suspended), "a venue suspended, then reinstated");
        org.junit.jupiter.api.Assertions.assertTrue(onSomeDaysOnly.test(Seen::nonCompliant), "a venue non-compliant, then compliant");
        org.junit.jupiter.api.Assertions.assertTrue(onSomeDaysOnly.test(st -> !st.suspended()) && onSomeDaysOnly.test(st -> !st.nonCompliant()),
                "venues suspended or non-compliant later");
        List<String> areas = new ArrayList<>(List.of("VN", ReportData.HA_NOI, ReportData.HCM, ReportData.HA_DONG, "001", ReportData.DISTRICT_1));
        areas.addAll(places);
        areas.add(communesUnder.get(ReportData.HA_DONG).get(10)); // a commune nothing happened in
        String admin = TestTokens.admin();

        for (String area : areas) {
            // Series over the two weeks and the week before them (nothing scanned then; venues registered).
            JsonPath series = given().auth().oauth2(admin).queryParam("area", area).queryParam("from", first.minusDays(7).toString())
                    .queryParam("to", today.toString()).get("/api/v1/reports/series").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> days = series.getList("days");
            assertEquals(DAYS + 7, days.size());
            for (Map<String, Object> day : days) {
                assertFigures(expected, area, LocalDate.parse((String) day.get("date")), day);
            }
            LocalDate date = first.plusDays(random.nextInt(DAYS));
            Map<String, Object> summary = given().auth().oauth2(admin).queryParam("area", area).queryParam("date", date.toString())
                    .get("/api/v1/reports/summary").then().statusCode(200).extract().jsonPath().getMap("$");
            assertFigures(expected, area, date, summary);
            assertEquals(units.get(area).name(), ((Map<?, ?>) summary.get("area")).get("name"));

            // Children, ranked by scans (ties by code).
            List<Map<String, Object>> children = given().auth().oauth2(admin).queryParam("area", area).queryParam("date", date.toString())
                    .queryParam("sort", "scans").get("/api/v1/reports/children").then().statusCode(200).extract().jsonPath().getList("children");
            List<String> childCodes = units.values().stream().filter(u -> area.equals(u.parent())).map(Unit::code).sorted().toList();
            List<String> ranked = new ArrayList<>(childCodes);
            ranked.sort(Comparator.comparingLong((String c) -> -expected.scans(c, date)).thenComparing(Comparator.naturalOrder()));
            assertEquals(ranked, children.stream().map(c -> (String) ((Map<?, ?>) c.get("area")).get("code")).toList(), "children of " + area);
            for (Map<String, Object> child : children) {
                assertFigures(expected, (String) ((Map<?, ?>) child.get("area")).get("code"), date, child);
            }

            // Zero-scan communes, paged by 3.
            assertEquals(communesUnder.get(area).stream().filter(c -> expected.scans(c, date) == 0).sorted().toList(),
                    pages("/api/v1/reports/zero-scan-communes", area, Map.of("date", date.toString()), "code"), "zero-scan communes of " + area);

            // Inactive venues over 1, 3 and 9 days, paged by 4: the last n days of the service's today, asked again
            // when midnight (17:00 UTC) passed while they were asked.
            for (int n : new int[] { 1, 3, 9 }) {
                LocalDate asked;
                List<String> got;
                do {
                    asked = vnDay(Instant.now());
                    got = pages("/api/v1/reports/inactive-venues", area, Map.of("days", String.valueOf(n)), "venueId");
                } while (!asked.equals(vnDay(Instant.now())));
                LocalDate since = asked.minusDays(n - 1);
                List<String> inactive = finals.stream().filter(v -> within(v.commune(), area))
                        .filter(v -> expected.scanDays(v.id()).stream().noneMatch(d -> !d.isBefore(since)))
                        .map(v -> String.valueOf(v.id())).sorted(Comparator.comparingLong(Long::parseLong)).toList();
                assertEquals(inactive, got, "inactive venues of " + area + " over " + n + " days");
            }

            // The week ending today and one ending mid-scenario, against the week before each.
            for (LocalDate end : List.of(today, today.minusDays(4))) {
                JsonPath w = given().auth().oauth2(admin).queryParam("area", area).queryParam("weekEnding", end.toString())
                        .get("/api/v1/reports/weekly").then().statusCode(200).extract().jsonPath();
                for (int back = 0; back <= 7; back += 7) {
                    String which = back == 0 ? "thisWeek" : "weekBefore";
                    LocalDate e = end.minusDays(back);
                    Predicate<LocalDate> inWeek = d -> !d.isAfter(e) && d.isAfter(e.minusDays(7));
                    String at = area + " week ending " + e;
                    assertEquals(expected.registered(area, e), w.getLong("registeredVenues." + which), "registered, " + at);
                    assertEquals(expected.venuesIn(area).stream().filter(v -> inWeek.test(v.registered())).count(), w.getLong("newVenues." + which),
                            "new venues, " + at);
                    assertEquals(expected.counted(area, inWeek).stream().map(Scan::venueId).distinct().count(), w.getLong("activeVenues." + which),
                            "active venues, " + at);
                    assertEquals(expected.counted(area, inWeek).size(), w.getLong("scans." + which), "scans, " + at);
                    assertEquals(expected.counted(area, inWeek).stream().map(Scan::person).distinct().count(), w.getLong("distinctPeople." + which),
                            "people, " + at);
                }
            }
        }
    }

    private static VenueEvent state(long id, String commune, Instant registeredAt, boolean suspended, boolean nonCompliant, long version,
            Instant occurredAt) {
        return ReportData.venue(id, commune, null, null, registeredAt, suspended, nonCompliant, version, occurredAt);
    }

    private List<String> pages(String path, String area, Map<String, String> params, String key) {
        List<String> all = new ArrayList<>();
        String after = null;
        do {
            // Small pages where the lists are short, so that paging is exercised; large ones for the nation's 10,599 communes.
            int limit = !path.contains("communes") ? 4 : area.equals("VN") ? 1000 : area.length() == 2 ? 100 : 3;
            var req = given().auth().oauth2(TestTokens.admin()).queryParam("area", area).queryParam("limit", limit)
                    .queryParams(params);
            if (after != null) {
                req.queryParam("after", after);
            }
            JsonPath page = req.get(path).then().statusCode(200).extract().jsonPath();
            page.getList("items." + key).forEach(v -> all.add(String.valueOf(v)));
            Object next = page.get("nextAfter");
            after = next == null ? null : String.valueOf(next);
        } while (after != null);
        return all;
    }

    private void assertFigures(Expected x, String area, LocalDate date, Map<String, Object> got) {
        String at = area + " on " + date;
        assertEquals(date.toString(), got.get("date"), at);
        assertEquals(x.registered(area, date), num(got, "registeredVenues"), "registeredVenues, " + at);
        assertEquals(x.newVenues(area, date), num(got, "newVenues"), "newVenues, " + at);
        // Rest Assured reads JSON decimals as floats: equal to 2 decimals within a float's precision.
        long new7 = 0;
        long scans7 = 0;
        for (int i = 0; i < 7; i++) {
            new7 += x.newVenues(area, date.minusDays(i));
            scans7 += x.scans(area, date.minusDays(i));
        }
        assertEquals(Math.round(new7 * 100.0 / 7) / 100.0, ((Number) got.get("newVenues7dAvg")).doubleValue(), 1e-5, "newVenues7dAvg, " + at);
        assertEquals(Math.round(scans7 * 100.0 / 7) / 100.0, ((Number) got.get("scans7dAvg")).doubleValue(), 1e-5, "scans7dAvg, " + at);
        List<Scan> day = x.counted(area, d -> d.equals(date));
        assertEquals(day.size(), num(got, "scans"), "scans, " + at);
        assertEquals(day.stream().map(Scan::venueId).distinct().count(), num(got, "activeVenues"), "activeVenues, " + at);
        assertEquals(x.regular(area, date), num(got, "regularVenues"), "regularVenues, " + at);
        assertEquals(day.stream().map(Scan::person).distinct().count(), num(got, "distinctPeople"), "distinctPeople, " + at);
        assertEquals(day.stream().filter(s -> s.declaration() != null).count(), num(got, "declarations"), "declarations, " + at);
        assertEquals(day.stream().filter(s -> s.declaration() != null && (Boolean.TRUE.equals(s.declaration().fever())
                || Boolean.TRUE.equals(s.declaration().cough()) || Boolean.TRUE.equals(s.declaration().breathingDifficulty()))).count(),
                num(got, "declarationsWithSymptoms"), "declarationsWithSymptoms, " + at);
        Set<String> scanned = day.stream().map(Scan::commune).collect(Collectors.toSet());
        assertEquals(communesUnder.get(area).stream().filter(c -> !scanned.contains(c)).count(), num(got, "zeroScanCommunes"),
                "zeroScanCommunes, " + at);
        assertEquals(x.statesIn(area, date).stream().filter(Seen::suspended).count(), num(got, "suspendedVenues"), "suspendedVenues, " + at);
        assertEquals(x.statesIn(area, date).stream().filter(Seen::nonCompliant).count(), num(got, "nonCompliantVenues"),
                "nonCompliantVenues, " + at);
    }

    private static long num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    /** The brute force: every figure straight from the generated events and venues. */
    final class Expected {
        private final List<Scan> counted;
        private final List<V> venues;
        private final Map<Long, TreeSet<LocalDate>> scanDays = new HashMap<>();
        private final Map<Long, List<Seen>> seen;

        Expected(List<Scan> scans, List<V> venues, Map<Long, List<Seen>> seen) {
            this.seen = seen;
            Map<String, Scan> once = new LinkedHashMap<>();
            scans.stream().filter(s -> s.direction() == Direction.IN).forEach(s -> once.putIfAbsent(s.id(), s));
            this.counted = new ArrayList<>(once.values());
            this.venues = venues;
            counted.forEach(s -> scanDays.computeIfAbsent(s.venueId(), k -> new TreeSet<>()).add(vnDay(s.at())));
        }

        List<Scan> counted(String area, Predicate<LocalDate> day) {
            return counted.stream().filter(s -> day.test(vnDay(s.at())) && within(s.commune(), area)).toList();
        }

        long scans(String area, LocalDate day) {
            return counted(area, d -> d.equals(day)).size();
        }

        Set<LocalDate> scanDays(long venue) {
            return scanDays.getOrDefault(venue, new TreeSet<>());
        }

        List<V> venuesIn(String area) {
            return venues.stream().filter(v -> within(v.commune(), area)).toList();
        }

        /** The venue's state on a date: the last seen of its day or before (null before its first). */
        Seen at(long venue, LocalDate date) {
            Seen state = null;
            for (Seen s : seen.get(venue)) {
                state = s.from().isAfter(date) ? state : s;
            }
            return state;
        }

        /** The states on a date of the venues in the area then (a venue that moved counts where it was). */
        List<Seen> statesIn(String area, LocalDate date) {
            return venues.stream().map(v -> at(v.id(), date)).filter(s -> s != null && within(s.commune(), area)).toList();
        }

        long registered(String area, LocalDate date) {
            return venuesIn(area).stream().filter(v -> !v.registered().isAfter(date)).count();
        }

        long newVenues(String area, LocalDate date) {
            return venuesIn(area).stream().filter(v -> v.registered().equals(date)).count();
        }

        /** Venues of the area with scans on at least 5 of the 7 days ending on the date. */
        long regular(String area, LocalDate date) {
            return venuesIn(area).stream().filter(v -> scanDays(v.id()).stream()
                    .filter(d -> !d.isAfter(date) && d.isAfter(date.minusDays(7))).count() >= 5).count();
        }
    }
}
