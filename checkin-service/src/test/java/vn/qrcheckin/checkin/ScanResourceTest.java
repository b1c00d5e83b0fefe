package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class ScanResourceTest {

    static final String CCCD_RAW = "001094012345|013456789|Nguyễn Thị Thuỷ Tiên|21071994|Nữ|Số 12 Tô Hiệu, Hà Đông, Hà Nội|15042021";

    @Inject
    TestVenues venues;

    @Test
    void venueScannerRecordsAChipIdCardAtItsOwnVenueOnly() throws Exception {
        long mine = venues.publish(venues.newVenueId(), "Siêu thị BigC", "ACTIVE", "owner-scan");
        long theirs = venues.publish(venues.newVenueId(), "Siêu thị khác", "ACTIVE", "owner-other");
        String id = "scan-" + UUID.randomUUID();
        scan(TestTokens.owner("owner-scan"), Map.of("id", id, "venueId", mine, "raw", CCCD_RAW)).statusCode(202)
                .body("venueId", equalTo((int) mine));
        String entry = venues.appendedFor(id).get(0);
        assertTrue(entry.contains("\"channel\":\"VENUE_SCANNER\"") && entry.contains("\"idType\":\"CCCD\""));
        assertFalse(entry.contains("Thuỷ Tiên") || entry.contains("001094012345"), entry);
        assertEquals("Nguyễn Thị Thuỷ Tiên", venues.opened(entry, "name"));

        scan(TestTokens.owner("owner-scan"), Map.of("id", "scan-" + UUID.randomUUID(), "venueId", theirs, "raw", CCCD_RAW))
                .statusCode(403).contentType("application/problem+json");
        scan(TestTokens.owner("owner-scan"), Map.of("id", "scan-" + UUID.randomUUID(), "venueId", 123456789, "raw", CCCD_RAW))
                .statusCode(400).body("errors.field", hasItem("venueId"));
        scan(TestTokens.owner("owner-scan"), Map.of("id", "scan-" + UUID.randomUUID(), "venueId", mine, "raw", "hello world"))
                .statusCode(400).body("errors.field", hasItem("raw"));
        scan(TestTokens.app(CheckinTestData.APP), Map.of("id", "scan-" + UUID.randomUUID(), "venueId", mine, "raw", CCCD_RAW))
                .statusCode(403);
    }

    @Test
    void personalQrCardIsIssuedWithoutPlaintextAndScans() throws Exception {
        long venue = venues.publish(venues.newVenueId(), "Trạm y tế phường", "ACTIVE", "owner-card");
        Map<String, Object> person = Map.of("idType", "CMND", "number", "013456789", "name", "Hoàng Văn Bình", "phone", "0977123456");
        String content = given().auth().oauth2(TestTokens.operator("01")).contentType(ContentType.JSON).body(person)
                .post("/api/v1/person-cards").then().statusCode(201).extract().path("content");
        for (String secret : new String[] { "013456789", "Hoàng", "Bình", "0977123456", "977123456" }) {
            assertFalse(content.contains(secret), content);
        }
        // The PNG is 5 cm at 300 dpi and decodes to the same content.
        byte[] png = given().auth().oauth2(TestTokens.operator("01")).contentType(ContentType.JSON).body(person)
                .post("/api/v1/person-cards?format=png").then().statusCode(201).contentType("image/png").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(591, image.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
        assertTrue(decoded.startsWith("QRCP1."));
        given().auth().oauth2(TestTokens.operator("01")).contentType(ContentType.JSON).body(person)
                .post("/api/v1/person-cards?format=pdf").then().statusCode(201).contentType("application/pdf");

        String id = "card-" + UUID.randomUUID();
        scan(TestTokens.owner("owner-card"), Map.of("id", id, "venueId", venue, "raw", decoded)).statusCode(202);
        String entry = venues.appendedFor(id).get(0);
        assertEquals("013456789", venues.opened(entry, "number"));
        assertEquals("0977123456", venues.opened(entry, "phone"));

        // A card altered by one character is refused.
        String altered = content.substring(0, 10) + (content.charAt(10) == 'A' ? 'B' : 'A') + content.substring(11);
        scan(TestTokens.owner("owner-card"), Map.of("id", "card-" + UUID.randomUUID(), "venueId", venue, "raw", altered))
                .statusCode(400).body("errors.field", hasItem("raw"));
        // Bad people and wrong roles.
        given().auth().oauth2(TestTokens.operator("01")).contentType(ContentType.JSON).body(Map.of("idType", "CCCD", "number", "12"))
                .post("/api/v1/person-cards").then().statusCode(400).body("errors.field", hasItem("person.number"));
        given().auth().oauth2(TestTokens.owner("x")).contentType(ContentType.JSON).body(person)
                .post("/api/v1/person-cards").then().statusCode(403);
        // What travels in the card is the cleaned name and phone: padding does not grow the code.
        Map<String, Object> padded = Map.of("idType", "CMND", "number", "013456789", "name", "Hoàng Văn Bình" + " ".repeat(3_000),
                "phone", "0977 123 456");
        String compact = given().auth().oauth2(TestTokens.operator("01")).contentType(ContentType.JSON).body(padded)
                .post("/api/v1/person-cards").then().statusCode(201).extract().path("content");
        assertEquals(content.length(), compact.length(), "padding and separators are not carried");
        given().auth().oauth2(TestTokens.operator("01")).contentType(ContentType.JSON)
                .body(Map.of("idType", "CMND", "number", "013456789", "name", "x".repeat(51)))
                .post("/api/v1/person-cards").then().statusCode(400).body("errors.field", hasItem("person.name"));
    }

    private static io.restassured.response.ValidatableResponse scan(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/scans").then();
    }
}
