package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class VenueImportTest {

    private static final String HEADER = "name,type,address,commune_code,owner_name,owner_phone,latitude,longitude\n";

    @Test
    void tenThousandRowsWithBadRowsMixedInLandEveryValidRowAndReportEveryBadOne() throws Exception {
        List<String> communes = hanoiCommuneCodes();
        String marker = "Chi nhánh " + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(HEADER);
        Map<Integer, String> expectedBad = new HashMap<>(); // file line -> field
        int valid = 0;
        for (int i = 0; i < 10_000; i++) {
            int line = i + 2;
            String commune = communes.get(i % communes.size());
            String name = marker + " số " + i;
            String type = "PHARMACY";
            String phone = "0912" + String.format("%06d", i);
            switch (i % 10) {
                case 0 -> { commune = "99999"; expectedBad.put(line, "commune_code"); }
                case 3 -> { phone = "12-34"; expectedBad.put(line, "owner_phone"); }
                case 5 -> { name = " "; expectedBad.put(line, "name"); }
                case 7 -> { type = "CASINO"; expectedBad.put(line, "type"); }
                default -> valid++;
            }
            // Every 4th row has a quoted address with a comma and a doubled quote, as Excel writes it.
            String address = i % 4 == 0 ? "\"Số " + i + ", ngõ 5 \"\"Hoa Sữa\"\"\"" : "Số " + i + " Quang Trung";
            csv.append(name).append(',').append(type).append(',').append(address).append(',').append(commune)
                    .append(",Lê Thị Hồng,").append(phone).append(",21.0").append(i % 10).append(",105.8\n");
        }

        String agency = TestTokens.owner("agency-import");
        JsonPath report = given().auth().oauth2(agency).contentType("text/csv; charset=UTF-8")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/venues/imports")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(10_000, report.getInt("rows"));
        assertEquals(valid, report.getInt("created"));
        assertEquals(10_000 - valid, report.getInt("rejected"));
        List<Map<String, Object>> results = report.getList("results");
        Set<Long> createdIds = new HashSet<>();
        for (Map<String, Object> r : results) {
            int line = (Integer) r.get("line");
            if (expectedBad.containsKey(line)) {
                assertEquals("REJECTED", r.get("status"), "line " + line);
                @SuppressWarnings("unchecked")
                List<Map<String, String>> errors = (List<Map<String, String>>) r.get("errors");
                assertEquals(expectedBad.get(line), errors.get(0).get("field"), "line " + line);
            } else {
                assertEquals("CREATED", r.get("status"), "line " + line + ": " + r);
                createdIds.add(((Number) r.get("venueId")).longValue());
            }
        }
        assertEquals(valid, createdIds.size(), "distinct ids");

        // Every valid row is stored, once: page through the owner's venues.
        Set<Long> stored = new HashSet<>();
        String after = "";
        do {
            JsonPath page = given().auth().oauth2(agency).queryParam("q", marker).queryParam("limit", 500).queryParam("after", after)
                    .get("/api/v1/venues").then().statusCode(200).extract().jsonPath();
            stored.addAll(page.getList("items.id", Long.class));
            after = page.getString("nextAfter");
        } while (after != null);
        assertEquals(createdIds, stored);

        // The quoted address survived intact.
        long quoted = ((Number) results.get(4).get("venueId")).longValue(); // i = 4
        given().auth().oauth2(agency).get("/api/v1/venues/" + quoted).then().body("address", equalTo("Số 4, ngõ 5 \"Hoa Sữa\""));
    }

    @Test
    void allOrNothingStoresNothingWhenARowIsBad() {
        String marker = "AllOrNothing " + UUID.randomUUID().toString().substring(0, 8);
        String csv = HEADER
                + marker + " 1,SHOP,1 Lê Lợi," + VenueTestData.MO_LAO + ",Lê Văn Tám,0987654321,,\n"
                + marker + " 2,SHOP,2 Lê Lợi,00000,Lê Văn Tám,0987654321,,\n";
        String owner = TestTokens.owner("agency-aon");
        given().auth().oauth2(owner).contentType("text/csv").body(utf8(csv)).post("/api/v1/venues/imports?mode=all-or-nothing")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("line 3: commune_code"));
        given().auth().oauth2(owner).queryParam("q", marker).get("/api/v1/venues").then().body("items.size()", equalTo(0));
        // The same file without the bad row goes through whole.
        given().auth().oauth2(owner).contentType("text/csv").body(utf8(csv.substring(0, csv.lastIndexOf(marker + " 2"))))
                .post("/api/v1/venues/imports?mode=all-or-nothing")
                .then().statusCode(200).body("created", equalTo(1));
    }

    @Test
    void unreadableFilesAreRefusedWhole() {
        String owner = TestTokens.owner("agency-bad-file");
        String marker = "Latin1 " + UUID.randomUUID().toString().substring(0, 8);
        byte[] latin1 = (HEADER + marker + ",SHOP,Café Sài Gòn," + VenueTestData.MO_LAO + ",Lê Văn Tám,0987654321,,\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        given().auth().oauth2(owner).contentType("text/csv").body(latin1).post("/api/v1/venues/imports")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("file"));
        given().auth().oauth2(owner).contentType("text/csv").body(utf8("name,type\nX,SHOP\n")).post("/api/v1/venues/imports")
                .then().statusCode(400).body("errors[0].field", equalTo("file"));
        given().auth().oauth2(owner).contentType("text/csv").body(utf8(HEADER)).post("/api/v1/venues/imports")
                .then().statusCode(400).body("errors[0].field", equalTo("file"));
        given().auth().oauth2(owner).contentType("text/csv").body(new byte[0]).post("/api/v1/venues/imports")
                .then().statusCode(400);
        given().auth().oauth2(owner).contentType("text/csv").body(utf8(HEADER + "a,SHOP,b," + VenueTestData.MO_LAO + ",c,0987654321,,\n"))
                .post("/api/v1/venues/imports?mode=sometimes").then().statusCode(400).body("errors[0].field", equalTo("mode"));
        // Larger than the configured limit (4 MB in tests): 413 as a problem.
        byte[] huge = (HEADER + "x".repeat(4 * 1024 * 1024 + 10)).getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(owner).contentType("text/csv").body(huge).post("/api/v1/venues/imports")
                .then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(owner).queryParam("q", marker).get("/api/v1/venues").then().body("items.size()", equalTo(0));
        given().contentType("text/csv").body(HEADER).post("/api/v1/venues/imports").then().statusCode(401);
    }

    @Test
    void aRowWithSeveralMistakesNamesThemAll() {
        String csv = HEADER + ",CASINO,," + "99999,,123,95.0,\n";
        JsonPath r = given().auth().oauth2(TestTokens.owner("agency-many")).contentType("text/csv").body(utf8(csv))
                .post("/api/v1/venues/imports").then().statusCode(200).extract().jsonPath();
        assertEquals(0, r.getInt("created"));
        List<String> fields = r.getList("results[0].errors.field");
        for (String f : List.of("type", "name", "address", "commune_code", "owner_name", "owner_phone", "longitude")) {
            assertEquals(true, fields.contains(f), f + " in " + fields);
        }
        assertNull(r.get("results[0].venueId"));
    }

    /** RestAssured would encode a String body as ISO-8859-1 for text/csv: send the bytes a UTF-8 file has. */
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> hanoiCommuneCodes() throws Exception {
        List<String> codes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                VenueImportTest.class.getClassLoader().getResourceAsStream("admin-units/vn-admin-units-2021.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] c = line.split(",", -1);
                if (c[0].equals("01") && !c[4].isEmpty()) {
                    codes.add(c[4]);
                }
            }
        }
        return codes;
    }
}
