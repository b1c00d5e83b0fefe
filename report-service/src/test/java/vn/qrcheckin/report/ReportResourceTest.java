package vn.qrcheckin.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.report.ReportData.Scan;
import vn.qrcheckin.report.messaging.ReportSink;
import vn.qrcheckin.report.messaging.VenueRollup;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The API's edges: who may read which area (an operator its subtree, an admin everything), problems naming the bad
 * parameter, and the CSV export (BOM, Vietnamese headers, inert cells) holding exactly the JSON's figures.
 */
@QuarkusTest
class ReportResourceTest {

    @Inject
    ReportData data;
    @Inject
    ReportSink sink;
    @Inject
    VenueRollup venues;

    @Test
    void anOperatorSeesItsSubtreeOnly() {
        String hcm = TestTokens.operator(ReportData.HCM);
        given().auth().oauth2(hcm).queryParam("area", ReportData.HA_NOI).get("/api/v1/reports/summary")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(hcm).get("/api/v1/reports/summary").then().statusCode(403); // the nation
        given().auth().oauth2(hcm).queryParam("area", ReportData.HCM).get("/api/v1/reports/summary").then().statusCode(200)
                .body("area.code", equalTo("79")).body("area.level", equalTo("PROVINCE"));
        given().auth().oauth2(hcm).queryParam("area", ReportData.BEN_NGHE).get("/api/v1/reports/summary").then().statusCode(200)
                .body("area.level", equalTo("COMMUNE"));
        String district = TestTokens.operator(ReportData.HA_DONG);
        given().auth().oauth2(district).queryParam("area", ReportData.MO_LAO).get("/api/v1/reports/children").then().statusCode(200);
        given().auth().oauth2(district).queryParam("area", ReportData.HA_NOI).get("/api/v1/reports/children").then().statusCode(403);
        for (String path : List.of("series?from=2026-01-01&to=2026-01-02", "weekly", "zero-scan-communes", "inactive-venues")) {
            given().auth().oauth2(hcm).get("/api/v1/reports/" + path + (path.contains("?") ? "&" : "?") + "area=01").then().statusCode(403);
        }
        given().auth().oauth2(TestTokens.withRoles("no-area", "operator")).queryParam("area", "79").get("/api/v1/reports/summary")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.owner("owner-1")).get("/api/v1/reports/summary").then().statusCode(403);
        given().get("/api/v1/reports/summary").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("area", "VN").get("/api/v1/reports/summary").then().statusCode(200)
                .body("area.name", equalTo("Việt Nam"));
    }

    @Test
    void badInputIsAProblemNamingTheParameter() {
        String admin = TestTokens.admin();
        Object[][] bad = { { "summary", "date", "2021-02-30" }, { "summary", "date", "15/09/2021" }, { "summary", "date", "1999-12-31" },
                { "summary", "area", "99999" }, { "summary", "area", "0123456789012" }, { "summary", "format", "xml" },
                { "children", "sort", "popularity" }, { "weekly", "weekEnding", "yesterday" },
                { "zero-scan-communes", "limit", "0" }, { "zero-scan-communes", "after", "x'--" }, { "inactive-venues", "days", "0" },
                { "inactive-venues", "days", "366" }, { "inactive-venues", "after", "abc" } };
        for (Object[] b : bad) {
            given().auth().oauth2(admin).queryParam((String) b[1], b[2]).get("/api/v1/reports/" + b[0])
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(b[1]));
        }
        given().auth().oauth2(admin).queryParam("from", "2021-01-01").queryParam("to", "2021-04-03").get("/api/v1/reports/series")
                .then().statusCode(400).body("errors[0].field", equalTo("to")).body("detail", org.hamcrest.Matchers.containsString("92"));
        given().auth().oauth2(admin).queryParam("from", "2021-01-01").queryParam("to", "2021-04-02").get("/api/v1/reports/series")
                .then().statusCode(200).body("days.size()", equalTo(92));
        given().auth().oauth2(admin).queryParam("from", "2021-02-01").queryParam("to", "2021-01-01").get("/api/v1/reports/series")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(admin).queryParam("from", "2021-13-01").get("/api/v1/reports/series")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(admin).queryParam("to", "2021-01-31").get("/api/v1/reports/series")
                .then().statusCode(200).body("from", equalTo("2021-01-02")).body("days.size()", equalTo(30));
    }

    @Test
    void csvHoldsTheJsonFiguresWithVietnameseHeadersAndInertCells() throws Exception {
        long venue = ReportData.newVenueId();
        Instant when = Instant.now().minus(Duration.ofDays(1));
        // A venue name that a spreadsheet would run as a formula.
        var state = ReportData.venue(venue, ReportData.MO_LAO, null, null, when.minus(Duration.ofDays(30)), false, false, 1);
        venues.apply(List.of(new vn.qrcheckin.contracts.VenueEvent(state.eventId(), state.type(), venue, "=HYPERLINK(\"http://x\")",
                state.venueType(), state.defaultDwellMinutes(), state.communeCode(), null, null, state.status(), state.ownerSubject(),
                state.occurredAt(), 1, state.schema(), state.registeredAt(), false))).await().indefinitely();
        sink.write(List.of(ReportData.entry(new Scan(ReportData.newId("csv"), ReportData.newVenueId(), ReportData.MO_LAO, null, null, "p-csv",
                Direction.IN, when, ReportData.declaration(true, false, false))))).await().indefinitely();
        String date = Days.of(when).toString();
        String admin = TestTokens.admin();

        List<Map<String, Object>> json = given().auth().oauth2(admin).queryParam("area", ReportData.HA_DONG).queryParam("date", date)
                .queryParam("sort", "scans").get("/api/v1/reports/children").then().statusCode(200).extract().jsonPath().getList("children");
        byte[] bytes = given().auth().oauth2(admin).accept("text/csv").queryParam("area", ReportData.HA_DONG).queryParam("date", date)
                .queryParam("sort", "scans").get("/api/v1/reports/children").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", startsWith("attachment")).extract().asByteArray();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(bytes[0], bytes[1], bytes[2]), "UTF-8 byte-order mark");
        List<List<String>> rows = parse(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        assertEquals("Mã địa bàn", rows.get(0).get(0));
        assertEquals("Lượt quét", rows.get(0).get(9));
        assertEquals(json.size(), rows.size() - 1);
        List<String> fields = List.of("registeredVenues", "newVenues", "newVenues7dAvg", "activeVenues", "regularVenues", "scans", "scans7dAvg",
                "distinctPeople", "declarations", "declarationsWithSymptoms", "zeroScanCommunes", "suspendedVenues", "nonCompliantVenues");
        for (int i = 0; i < json.size(); i++) {
            Map<String, Object> j = json.get(i);
            List<String> r = rows.get(i + 1);
            assertEquals(((Map<?, ?>) j.get("area")).get("code"), r.get(0));
            assertEquals(((Map<?, ?>) j.get("area")).get("name"), r.get(1));
            assertEquals(date, r.get(3));
            for (int f = 0; f < fields.size(); f++) {
                assertEquals(((Number) j.get(fields.get(f))).doubleValue(), Double.parseDouble(r.get(4 + f)), 1e-5, fields.get(f) + " of " + r.get(0));
            }
        }
        assertTrue(json.stream().anyMatch(j -> ((Number) j.get("declarationsWithSymptoms")).longValue() >= 1));

        // format=csv does the same; the venue's formula-like name arrives inert.
        String inactive = new String(given().auth().oauth2(admin).queryParam("format", "csv").queryParam("area", ReportData.MO_LAO)
                .queryParam("days", 1).queryParam("limit", 1000).get("/api/v1/reports/inactive-venues").then().statusCode(200).extract().asByteArray(),
                StandardCharsets.UTF_8);
        assertTrue(inactive.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), inactive);
    }

    /** RFC 4180 as a spreadsheet reads it: quoted cells with doubled quotes, CRLF rows. */
    static List<List<String>> parse(String text) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        try (StringReader in = new StringReader(text)) {
            for (int c = in.read(); c != -1; c = in.read()) {
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            in.reset();
                        }
                    } else {
                        cell.append((char) c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r') {
                    continue;
                } else if (c == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    cell.append((char) c);
                }
            }
        }
        return rows.stream().map(r -> (List<String>) new ArrayList<>(r)).filter(r -> !r.equals(Arrays.asList(""))).toList();
    }
}
