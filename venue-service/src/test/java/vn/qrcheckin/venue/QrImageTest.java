package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class QrImageTest {

    @Test
    void pngDecodesToContentWhoseTokenVerifies() throws Exception {
        JsonPath v = VenueTestData.venue().createAs(TestTokens.owner("owner-png"));
        byte[] png = given().get("/api/v1/venues/" + v.getLong("id") + "/qr.png?size=400")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() <= 400 && image.getWidth() >= 300, "about the size asked: " + image.getWidth());
        Result decoded = decode(image);
        assertEquals(v.getString("qr.content"), decoded.getText());
        assertEquals(ErrorCorrectionLevel.H.toString(), decoded.getResultMetadata().get(com.google.zxing.ResultMetadataType.ERROR_CORRECTION_LEVEL));
        QrVerification.Claims claims = QrVerification.verifyWithPublishedKeys(decoded.getText());
        assertEquals(v.getLong("id"), claims.venueId());
    }

    @Test
    void pngIsExactlyTheSizeAskedAndDecodesAtEverySize() throws Exception {
        JsonPath v = VenueTestData.venue().createAs(TestTokens.owner("owner-png-size"));
        for (int size : new int[] { 128, 300, 301, 512, 1000, 2048 }) {
            byte[] png = given().get("/api/v1/venues/" + v.getLong("id") + "/qr.png?size=" + size).then().statusCode(200).extract().asByteArray();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(size, image.getWidth(), "width for size=" + size);
            assertEquals(size, image.getHeight(), "height for size=" + size);
            assertEquals(v.getString("qr.content"), decode(image).getText(), "decodes at " + size);
        }
    }

    @Test
    void svgIsAScalableCodeOfTheSameContent() {
        long id = VenueTestData.venue().createAs(TestTokens.owner("owner-svg")).getLong("id");
        String svg = given().get("/api/v1/venues/" + id + "/qr.svg").then().statusCode(200).contentType("image/svg+xml")
                .extract().asString();
        assertTrue(svg.contains("<svg") && svg.contains("viewBox") && svg.contains("<path"), svg);
    }

    @Test
    void pngSizeIsBounded() {
        long id = VenueTestData.venue().createAs(TestTokens.owner("owner-size")).getLong("id");
        given().get("/api/v1/venues/" + id + "/qr.png?size=99999").then().statusCode(400).body("errors[0].field", equalTo("size"));
        given().get("/api/v1/venues/999999999/qr.png").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void alteredOrForgedTokensAreRejectedWhereverATokenIsRead() {
        JsonPath v = VenueTestData.venue().with("name", "Chợ Hà Đông").createAs(TestTokens.owner("owner-forge"));
        String content = v.getString("qr.content");
        String token = content.substring(content.lastIndexOf('/') + 1);
        given().get("/api/v1/public/venues/by-qr/" + token).then().statusCode(200).body("name", equalTo("Chợ Hà Đông"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("owner")));

        // Change the venue id inside the token (point it at another venue) and keep the signature.
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[8] ^= 0x01;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        given().get("/api/v1/public/venues/by-qr/" + altered).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("token"));
        // A token signed by a key we never published.
        java.security.KeyPair rogue = vn.qrcheckin.contracts.qr.Ed25519Keys.generate();
        String kid = QrVerification.verifyWithPublishedKeys(content).keyId();
        String forged = vn.qrcheckin.contracts.qr.QrTokenCodec.sign(
                new vn.qrcheckin.contracts.qr.QrToken(v.getLong("id"), VenueTestData.MO_LAO, kid), rogue.getPrivate());
        given().get("/api/v1/public/venues/by-qr/" + forged).then().statusCode(400);
        given().get("/api/v1/public/venues/by-qr/not-a-token").then().statusCode(400);
    }

    @Test
    void rotatingTheKeyKeepsPrintedCodesValid() {
        JsonPath before = VenueTestData.venue().createAs(TestTokens.owner("owner-rot"));
        String oldKid = QrVerification.verifyWithPublishedKeys(before.getString("qr.content")).keyId();
        given().post("/api/v1/qr-keys/rotate").then().statusCode(401);
        given().auth().oauth2(TestTokens.owner("owner-rot")).post("/api/v1/qr-keys/rotate").then().statusCode(403);
        String newKid = given().auth().oauth2(TestTokens.admin()).post("/api/v1/qr-keys/rotate")
                .then().statusCode(200).body("kty", equalTo("OKP")).body("crv", equalTo("Ed25519")).body("status", equalTo("active"))
                .extract().path("kid");
        assertNotEquals(oldKid, newKid);
        JsonPath after = VenueTestData.venue().createAs(TestTokens.owner("owner-rot"));
        assertEquals(newKid, QrVerification.verifyWithPublishedKeys(after.getString("qr.content")).keyId());
        // The old poster still verifies, and still resolves.
        assertEquals(before.getLong("id"), QrVerification.verifyWithPublishedKeys(before.getString("qr.content")).venueId());
        String oldToken = before.getString("qr.content").substring(before.getString("qr.content").lastIndexOf('/') + 1);
        given().get("/api/v1/public/venues/by-qr/" + oldToken).then().statusCode(200);
        given().get("/api/v1/qr-keys").then().statusCode(200)
                .body("keys.find { it.kid == '" + oldKid + "' }.status", equalTo("retired"));
    }

    @Test
    void rotationsInTheSameSecondGetDistinctKeys() {
        // Key ids were the second plus a random number below 1,296: 40 rotations in a few seconds collided
        // (a 500 from the primary key) about half the time.
        java.util.Set<String> kids = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            kids.add(given().auth().oauth2(TestTokens.admin()).post("/api/v1/qr-keys/rotate").then().statusCode(200).extract().path("kid"));
        }
        assertEquals(40, kids.size());
    }

    private static Result decode(BufferedImage image) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE));
    }
}
