package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.contracts.identity.FieldCipher;
import vn.qrcheckin.testsupport.TestTokens;

/**
 * The service after a rotation of the field key: the test profile's current key is "1" and key "0" is
 * retired. A personal card sealed with the retired key still scans, and what the scan writes is sealed with
 * the current key; a card sealed with a key the service no longer holds is refused, not a server error.
 */
@QuarkusTest
class KeyRotationTest {

    /** The retired key of the test profile (application.properties). */
    private static final byte[] RETIRED = "dev-only-old-field-key-32-bytes!".getBytes(StandardCharsets.US_ASCII);

    @Inject
    TestVenues venues;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "qrcheckin.person-card.key")
    String cardKey;

    @Test
    void aCardSealedWithARetiredKeyStillScansAndNewDataUsesTheCurrentKey() throws Exception {
        long venue = venues.publish(venues.newVenueId(), "Trạm y tế xã", "ACTIVE", "owner-rot");
        String card = card(new FieldCipher("0", Map.of("0", RETIRED)), "CCCD|001094099999|Phạm Thị Hoa|0977000999");
        assertTrue(card.startsWith("QRCP1.0."), card);
        String id = "rot-" + UUID.randomUUID();
        scan(Map.of("id", id, "venueId", venue, "raw", card)).statusCode(202);
        String entry = venues.appendedFor(id).get(0);
        var e = json.readTree(entry);
        for (String field : new String[] { "numberEnc", "nameEnc", "phoneEnc", "personRef", "phoneRef" }) {
            assertTrue(e.get(field).asText().startsWith("1."), field + " " + e.get(field));
        }
        assertEquals("001094099999", venues.opened(entry, "number"));
        assertEquals("Phạm Thị Hoa", venues.opened(entry, "name"));

        // Sealed with a key removed since (or never held): genuine, but it cannot be opened.
        String gone = card(new FieldCipher("9", Map.of("9", new byte[32])), "CCCD|001094099998|Phạm Văn Nam|");
        scan(Map.of("id", "rot-" + UUID.randomUUID(), "venueId", venue, "raw", gone)).statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("raw")).body("detail", containsString("new card"));
    }

    /** A card as PersonCardService issues it: "QRCP1." + sealed identity + "." + HMAC of both under the card key. */
    private String card(FieldCipher cipher, String plain) throws Exception {
        String blob = cipher.encrypt(plain, "person-card");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(cardKey), "HmacSHA256"));
        return "QRCP1." + blob + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("QRCP1." + blob).getBytes(StandardCharsets.UTF_8)));
    }

    private static io.restassured.response.ValidatableResponse scan(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.owner("owner-rot")).contentType(ContentType.JSON).body(body).post("/api/v1/scans").then();
    }
}
