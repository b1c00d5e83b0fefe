package vn.qrcheckin.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.report.ReportData.Scan;
import vn.qrcheckin.report.messaging.ReportSink;
import vn.qrcheckin.report.messaging.VenueRollup;
import vn.qrcheckin.testsupport.TestTokens;
import vn.qrcheckin.web.SpreadsheetXlsx;

/**
 * Every report table as XLSX: read back with a spreadsheet reader, it holds the CSV's headers and cells and the JSON's
 * figures; numbers are number cells, nothing is a formula, and a venue name written to run a command arrives inert.
 */
@QuarkusTest
class XlsxExportTest {

    private static final List<String> FIGURES = List.of("registeredVenues", "newVenues", "newVenues7dAvg", "activeVenues", "regularVenues",
            "scans", "scans7dAvg", "distinctPeople", "declarations", "declarationsWithSymptoms", "zeroScanCommunes", "suspendedVenues",
            "nonCompliantVenues");
    private static final String INJECTED = "=cmd|' /C calc'!A0";

    @Inject
    ReportData data;
    @Inject
    ReportSink sink;
    @Inject
    VenueRollup venues;

    @Test
    void everyTableAsXlsxHoldsTheCsvCellsAndTheJsonFigures() throws Exception {
        Instant when = Instant.now().minus(Duration.ofDays(1));
        String date = Days.of(when).toString();
        long quiet = ReportData.newVenueId();
        var state = ReportData.venue(quiet, ReportData.MO_LAO, null, null, when.minus(Duration.ofDays(40)), false, true, 1);
        venues.apply(List.of(new VenueEvent(state.eventId(), state.type(), quiet, INJECTED, state.venueType(), state.defaultDwellMinutes(),
                state.communeCode(), null, null, state.status(), state.ownerSubject(), state.occurredAt(), 1, state.schema(), state.registeredAt(),
                true))).await().indefinitely();
        List<Scan> scans = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scans.add(new Scan(ReportData.newId("xlsx"), ReportData.newVenueId(), ReportData.MO_LAO, null, null, "p-xlsx-" + (i % 3), Direction.IN,
                    when.plusSeconds(i), ReportData.declaration(i == 0, false, false)));
        }
        sink.write(scans.stream().map(ReportData::entry).toList()).await().indefinitely();

        figures("summary", Map.of("area", ReportData.HA_DONG, "date", date), null);
        figures("children", Map.of("area", ReportData.HA_DONG, "date", date, "sort", "scans"), "children");
        figures("series", Map.of("area", ReportData.HA_DONG, "from", Days.of(when).minusDays(6).toString(), "to", date), "days");

        JsonPath weekly = json("weekly", Map.of("area", ReportData.HA_DONG, "weekEnding", date));
        List<List<Object>> w = compareWithCsv("weekly", Map.of("area", ReportData.HA_DONG, "weekEnding", date));
        assertEquals("Chỉ tiêu", w.get(0).get(0));
        assertEquals(List.of("Địa điểm đã đăng ký (cuối tuần)", "Địa điểm mới", "Địa điểm hoạt động", "Lượt quét", "Số người"),
                w.subList(1, w.size()).stream().map(r -> r.get(0)).toList());
        String[] keys = { "registeredVenues", "newVenues", "activeVenues", "scans", "distinctPeople" };
        for (int i = 0; i < keys.length; i++) {
            assertNumber(weekly.get(keys[i] + ".thisWeek"), w.get(i + 1).get(1), keys[i]);
            assertNumber(weekly.get(keys[i] + ".weekBefore"), w.get(i + 1).get(2), keys[i]);
        }

        JsonPath zero = json("zero-scan-communes", Map.of("area", ReportData.HA_DONG, "date", date, "limit", "1000"));
        List<List<Object>> z = compareWithCsv("zero-scan-communes", Map.of("area", ReportData.HA_DONG, "date", date, "limit", "1000"));
        assertEquals("Mã xã/phường", z.get(0).get(0));
        assertEquals(zero.getList("items.code"), z.subList(1, z.size()).stream().map(r -> r.get(0)).toList());
        assertTrue(z.stream().noneMatch(r -> ReportData.MO_LAO.equals(r.get(0))), "Mộ Lao had scans");

        Map<String, String> inactiveQuery = Map.of("area", ReportData.MO_LAO, "days", "7", "limit", "1000");
        JsonPath inactive = json("inactive-venues", inactiveQuery);
        List<List<Object>> v = compareWithCsv("inactive-venues", inactiveQuery);
        assertEquals(inactive.getList("items.venueId").stream().map(id -> new BigDecimal(id.toString())).toList(),
                v.subList(1, v.size()).stream().map(r -> r.get(0)).toList());
        List<Object> injected = v.stream().filter(r -> new BigDecimal(quiet).equals(r.get(0))).findFirst().orElseThrow();
        assertEquals("'" + INJECTED, injected.get(1), "the command-like name is text with the CSV's leading apostrophe");
    }

    @Test
    void acceptChoosesXlsxAndJsonStaysTheDefault() {
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).accept(SpreadsheetXlsx.MEDIA_TYPE).queryParam("area", ReportData.HA_NOI).get("/api/v1/reports/summary").then()
                .statusCode(200).contentType(startsWith(SpreadsheetXlsx.MEDIA_TYPE)).header("Content-Disposition", startsWith("attachment; filename=\"tong-hop-01-"));
        given().auth().oauth2(admin).accept("application/json, " + SpreadsheetXlsx.MEDIA_TYPE).queryParam("area", ReportData.HA_NOI)
                .get("/api/v1/reports/summary").then().statusCode(200).contentType(startsWith("application/json"));
        given().auth().oauth2(TestTokens.operator(ReportData.HCM)).queryParam("format", "xlsx").queryParam("area", ReportData.HA_NOI)
                .get("/api/v1/reports/summary").then().statusCode(403).contentType("application/problem+json");
    }

    /** A figures table: the XLSX equals the CSV cell by cell, and each figure equals the JSON's. */
    private void figures(String path, Map<String, String> query, String list) throws Exception {
        JsonPath j = json(path, query);
        List<Map<String, Object>> expected = list == null ? List.of(j.getMap("")) : j.getList(list);
        List<List<Object>> rows = compareWithCsv(path, query);
        assertEquals("Mã địa bàn", rows.get(0).get(0));
        assertEquals("Lượt quét", rows.get(0).get(9));
        assertEquals(expected.size(), rows.size() - 1, path);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            List<Object> r = rows.get(i + 1);
            assertEquals(((Map<?, ?>) e.get("area")).get("code"), r.get(0), path);
            assertEquals(((Map<?, ?>) e.get("area")).get("name"), r.get(1), path);
            assertEquals(e.get("date"), r.get(3), path);
            for (int f = 0; f < FIGURES.size(); f++) {
                assertNumber(e.get(FIGURES.get(f)), r.get(4 + f), path + " " + FIGURES.get(f) + " of " + r.get(0));
            }
        }
        if ("children".equals(path)) {
            assertTrue(expected.stream().anyMatch(e -> ((Number) e.get("scans")).longValue() >= 4));
        }
    }

    /** The XLSX rows, after checking that they hold the CSV's cells. */
    private List<List<Object>> compareWithCsv(String path, Map<String, String> query) throws Exception {
        byte[] xlsx = given().auth().oauth2(TestTokens.admin()).queryParams(query).queryParam("format", "xlsx").get("/api/v1/reports/" + path)
                .then().statusCode(200).contentType(startsWith(SpreadsheetXlsx.MEDIA_TYPE)).header("Content-Disposition", org.hamcrest.Matchers.endsWith(".xlsx\""))
                .extract().asByteArray();
        byte[] csv = given().auth().oauth2(TestTokens.admin()).queryParams(query).queryParam("format", "csv").get("/api/v1/reports/" + path)
                .then().statusCode(200).extract().asByteArray();
        List<List<String>> csvRows = ReportResourceTest.parse(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8));
        List<List<Object>> rows = Xlsx.rows(xlsx);
        assertEquals(csvRows.size(), rows.size(), path);
        for (int i = 0; i < rows.size(); i++) {
            List<String> c = csvRows.get(i);
            List<Object> x = rows.get(i);
            for (int k = 0; k < c.size(); k++) {
                Object cell = k < x.size() ? x.get(k) : null;
                if (cell instanceof BigDecimal n) {
                    assertEquals(0, n.compareTo(new BigDecimal(c.get(k))), path + " row " + i + " col " + k);
                } else {
                    assertEquals(c.get(k), Xlsx.text(cell), path + " row " + i + " col " + k);
                }
            }
        }
        return rows;
    }

    private static JsonPath json(String path, Map<String, String> query) {
        return given().auth().oauth2(TestTokens.admin()).queryParams(query).get("/api/v1/reports/" + path).then().statusCode(200).extract()
                // Decimals as doubles: the default float loses the figures' last digits.
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static void assertNumber(Object json, Object cell, String what) {
        if (json == null) {
            assertEquals(null, cell, what);
            return;
        }
        assertTrue(cell instanceof BigDecimal, what + " is a number cell: " + cell);
        assertEquals(((Number) json).doubleValue(), ((BigDecimal) cell).doubleValue(), 1e-9, what);
    }
}
