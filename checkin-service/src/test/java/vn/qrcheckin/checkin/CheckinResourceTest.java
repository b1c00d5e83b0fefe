package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.qrcheckin.contracts.identity.PersonIds;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.qr.Ed25519Keys;
import vn.qrcheckin.contracts.qr.QrContent;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.contracts.qr.QrTokenCodec;
import vn.qrcheckin.testsupport.QrKeysServerResource;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class CheckinResourceTest {

    @Inject
    TestVenues venues;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "qrcheckin.identity.pseudonym-key")
    String pseudonymKey;

    @Test
    void acceptedCheckinIsInTheStreamAndARepeatGetsTheFirstAnswer() throws Exception {
        long venueId = venues.publish(venues.newVenueId(), "Siêu thị Mộ Lao", "ACTIVE", "owner-1");
        CheckinTestData c = CheckinTestData.checkin(venues.qr(venueId));
        String first = c.submit().statusCode(202).body("status", equalTo("ACCEPTED")).body("venueId", equalTo((int) venueId))
                .body("venueSuspended", equalTo(false)).extract().asString();
        String second = c.submit().statusCode(202).extract().asString();
        assertEquals(first, second, "the second answer is the first");
        List<String> entries = venues.appendedFor(c.id());
        assertEquals(1, entries.size());
        JsonNode e = json.readTree(entries.get(0));
        assertEquals("PC_COVID", e.get("channel").asText(), "the channel is the app client's");
        assertEquals(TestVenues.MO_LAO, e.get("communeCode").asText());
        assertEquals("268", e.get("districtCode").asText());
        assertEquals("PHONE", e.get("idType").asText());
        assertTrue(e.get("declaration").get("cough").asBoolean());
    }

    @Test
    void noPlaintextPersonalDataInTheStreamButTracingCanOpenIt() throws Exception {
        long venueId = venues.publish(venues.newVenueId(), "Nhà thuốc Hạnh Phúc", "ACTIVE", "owner-2");
        CheckinTestData phone = CheckinTestData.checkin(venues.qr(venueId)).person("number", "+84 903 111 222").person("name", "Trần Thị Bích Ngọc");
        phone.submit().statusCode(202);
        CheckinTestData cccd = CheckinTestData.checkin(venues.qr(venueId))
                .with("person", Map.of("idType", "CCCD", "number", "001094012345", "name", "Lê Văn Mạnh", "phone", "0988777666"));
        cccd.submit().statusCode(202);

        for (String entry : venues.appended()) {
            for (String secret : List.of("903111222", "0903111222", "Bích Ngọc", "001094012345", "Lê Văn Mạnh", "0988777666", "988777666")) {
                assertFalse(entry.contains(secret), "plaintext " + secret + " in " + entry);
            }
        }
        // The ciphertexts are real: the shared keys open them, and the pseudonym is the keyed HMAC.
        String entry = venues.appendedFor(cccd.id()).get(0);
        JsonNode e = json.readTree(entry);
        assertEquals("001094012345", venues.opened(entry, "number"));
        assertEquals("Lê Văn Mạnh", venues.opened(entry, "name"));
        assertEquals("0988777666", venues.opened(entry, "phone"));
        PersonIds ids = new PersonIds(Base64.getDecoder().decode(pseudonymKey));
        assertEquals(ids.pseudonym(IdType.CCCD, "001094012345"), e.get("personRef").asText());
        assertTrue(e.get("personRef").asText().startsWith("1."), "the pseudonym names its key");
        assertTrue(e.get("numberEnc").asText().startsWith("1."), "the ciphertext names its key");
        assertEquals(1, e.get("schema").asInt());
        // The contact phone's pseudonym is the one the phone has as a PHONE identity: linkable without decrypting.
        assertEquals(ids.pseudonym(IdType.PHONE, "0988777666"), e.get("phoneRef").asText());
        JsonNode p = json.readTree(venues.appendedFor(phone.id()).get(0));
        assertEquals("0903111222", venues.opened(venues.appendedFor(phone.id()).get(0), "number"), "+84 normalised");
        assertEquals(p.get("personRef").asText(), p.get("phoneRef").asText(), "a phone id is its own contact phone");
        assertEquals(ids.pseudonym(IdType.PHONE, "0903111222"), p.get("phoneRef").asText());
        CheckinTestData noPhone = CheckinTestData.checkin(venues.qr(venueId)).with("person", Map.of("idType", "CCCD", "number", "001094012346"));
        noPhone.submit().statusCode(202);
        assertFalse(json.readTree(venues.appendedFor(noPhone.id()).get(0)).has("phoneRef"), "no phone given, none made up");
    }

    @Test
    void forgedAlteredAndUnknownKeyCodesAreRefusedAndWriteNothing() {
        long venueId = venues.publish(venues.newVenueId(), "Chợ Hà Đông", "ACTIVE", "owner-3");
        String genuine = venues.qr(venueId);
        String token = genuine.substring(genuine.lastIndexOf('/') + 1);
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[5] ^= 0x01; // another venue id, same signature
        String altered = QrContent.url("https://qr.example.gov.vn", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        String forged = QrContent.url("https://qr.example.gov.vn", QrTokenCodec.sign(new QrToken(venueId, TestVenues.MO_LAO,
                QrKeysServerResource.KEY_ID), Ed25519Keys.generate().getPrivate()));
        String unknownKey = QrContent.url("https://qr.example.gov.vn", QrTokenCodec.sign(new QrToken(venueId, TestVenues.MO_LAO, "k-nobody"),
                Ed25519Keys.generate().getPrivate()));
        for (String qr : List.of(altered, forged, unknownKey, "https://evil.example/x/abc", "hello")) {
            CheckinTestData c = CheckinTestData.checkin(qr);
            c.submit().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("qr"));
            assertTrue(venues.appendedFor(c.id()).isEmpty(), qr);
        }
    }

    @Test
    void everyKindOfBadInputIsAProblemNamingTheFieldAndWritesNothing() {
        long venueId = venues.publish(venues.newVenueId(), "Quán Bún Chả", "ACTIVE", "owner-4");
        String qr = venues.qr(venueId);
        Map<String, CheckinTestData> cases = Map.ofEntries(
                Map.entry("id", CheckinTestData.checkin(qr).with("id", "short")),
                Map.entry("person", CheckinTestData.checkin(qr).without("person")),
                Map.entry("person.number", CheckinTestData.checkin(qr).person("number", "12345")),
                Map.entry("person.idType", CheckinTestData.checkin(qr).with("person", Map.of("number", "0912345678"))),
                Map.entry("person.phone", CheckinTestData.checkin(qr).person("phone", "not-a-phone")),
                Map.entry("person.name", CheckinTestData.checkin(qr).person("name", "x".repeat(101))),
                Map.entry("occurredAt", CheckinTestData.checkin(qr).with("occurredAt", Instant.now().plusSeconds(3600).toString())),
                Map.entry("qr", CheckinTestData.checkin(qr).without("qr")),
                Map.entry("venueId", CheckinTestData.checkin(qr).with("venueId", venueId + 1)));
        cases.forEach((field, c) -> {
            c.submit().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
            assertTrue(venues.appended().stream().noneMatch(e -> e.contains(String.valueOf(c.body().get("id")))), field);
        });
        CheckinTestData old = CheckinTestData.checkin(qr).with("occurredAt", Instant.now().minusSeconds(22L * 86400).toString());
        old.submit().statusCode(400).body("errors.field", hasItem("occurredAt"));
        CheckinTestData badCccd = CheckinTestData.checkin(qr).with("person", Map.of("idType", "CCCD", "number", "12345678901"));
        badCccd.submit().statusCode(400).body("errors.field", hasItem("person.number"));
        // Unknown enum values and malformed JSON.
        CheckinTestData.checkin(qr).with("direction", "SIDEWAYS").submit().statusCode(400).body("errors.field", hasItem("direction"));
        CheckinTestData.checkin(qr).with("person", Map.of("idType", "PASSPORT", "number", "B1234567")).submit()
                .statusCode(400).body("errors.field", hasItem("person.idType"));
        given().auth().oauth2(TestTokens.app(CheckinTestData.APP)).contentType(ContentType.JSON).body("{\"id\":")
                .post("/api/v1/checkins").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.app(CheckinTestData.APP)).contentType(ContentType.JSON).body("")
                .post("/api/v1/checkins").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        long venueId = venues.publish(venues.newVenueId(), "Quán Chè", "ACTIVE", "owner-all-fields");
        String qr = venues.qr(venueId);
        String forged = qr.substring(0, qr.length() - 4) + (qr.endsWith("AAAA") ? "BBBB" : "AAAA");
        CheckinTestData c = CheckinTestData.checkin(forged).with("id", "bad id!").person("name", "An\u202e")
                .with("occurredAt", Instant.now().plusSeconds(7200).toString());
        c.submit().statusCode(400).body("errors.field", hasItems("id", "qr", "person.name", "occurredAt"));
        assertTrue(venues.appended().stream().noneMatch(e -> e.contains("bad id!")));
    }

    @Test
    void repeatedKeysUnknownFieldsAndOverflowingNumbersNameTheField() {
        long venueId = venues.publish(venues.newVenueId(), "Quán Nước", "ACTIVE", "owner-strict");
        String qr = venues.qr(venueId);
        String app = TestTokens.app(CheckinTestData.APP);
        String person = "{\"idType\":\"PHONE\",\"number\":\"0912345678\"}";
        given().auth().oauth2(app).contentType(ContentType.JSON)
                .body("{\"id\":\"dup-key-0001\",\"qr\":\"" + qr + "\",\"person\":" + person + ",\"id\":\"dup-key-0002\"}")
                .post("/api/v1/checkins").then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        given().auth().oauth2(app).contentType(ContentType.JSON)
                .body("{\"id\":\"nested-dup-01\",\"qr\":\"" + qr + "\",\"person\":{\"idType\":\"PHONE\",\"number\":\"0912345678\",\"number\":\"0987654321\"}}")
                .post("/api/v1/checkins").then().statusCode(400).body("errors[0].field", equalTo("person.number"));
        CheckinTestData.checkin(qr).with("status", "ACCEPTED").submit().statusCode(400).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(app).contentType(ContentType.JSON)
                .body("{\"id\":\"overflow-0001\",\"venueId\":9223372036854775808,\"person\":" + person + "}")
                .post("/api/v1/checkins").then().statusCode(400).body("errors[0].field", equalTo("venueId"))
                .body("errors[0].message", containsString("out of range"));
        CheckinTestData.checkin(qr).with("direction", 1).submit().statusCode(400).body("errors[0].field", equalTo("direction"));
        assertTrue(venues.appended().stream().noneMatch(e -> e.contains("dup-key-000") || e.contains("overflow-0001")));
    }

    @Test
    void onlyRegisteredAppsMaySubmitAndTheChannelIsTheirs() {
        long venueId = venues.publish(venues.newVenueId(), "Ngân hàng Agribank", "ACTIVE", "owner-5");
        Map<String, Object> body = CheckinTestData.checkin(venues.qr(venueId)).body();
        given().contentType(ContentType.JSON).body(body).post("/api/v1/checkins").then().statusCode(401);
        given().auth().oauth2(TestTokens.app("some-unknown-app")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/checkins").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.owner("owner-5")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/checkins").then().statusCode(403);
        // The body cannot choose the channel: a "channel" field is refused, not silently ignored.
        CheckinTestData choosing = CheckinTestData.checkin(venues.qr(venueId)).with("channel", "LOGBOOK");
        given().auth().oauth2(TestTokens.app("bluezone")).contentType(ContentType.JSON).body(choosing.body())
                .post("/api/v1/checkins").then().statusCode(400).body("errors[0].field", equalTo("channel"));
        assertTrue(venues.appendedFor(choosing.id()).isEmpty());
        CheckinTestData viaBluezone = CheckinTestData.checkin(venues.qr(venueId));
        given().auth().oauth2(TestTokens.app("bluezone")).contentType(ContentType.JSON).body(viaBluezone.body())
                .post("/api/v1/checkins").then().statusCode(202);
        assertTrue(venues.appendedFor(viaBluezone.id()).get(0).contains("\"channel\":\"BLUEZONE\""), "body cannot choose the channel");
    }

    @Test
    void checkinsAtASuspendedVenueAreRecordedAndFlagged() {
        long venueId = venues.publish(venues.newVenueId(), "Karaoke Ánh Sao", "ACTIVE", "owner-6");
        CheckinTestData.checkin(venues.qr(venueId)).submit().statusCode(202).body("venueSuspended", equalTo(false));
        venues.publish(venueId, "Karaoke Ánh Sao", "SUSPENDED", "owner-6");
        CheckinTestData c = CheckinTestData.checkin(venues.qr(venueId));
        c.submit().statusCode(202).body("venueSuspended", equalTo(true));
        assertTrue(venues.appendedFor(c.id()).get(0).contains("\"venueSuspended\":true"));
    }

    @Test
    void metricsCountAcceptedDuplicatesAndRefusals() {
        long venueId = venues.publish(venues.newVenueId(), "Trường THCS Lê Lợi", "ACTIVE", "owner-7");
        CheckinTestData c = CheckinTestData.checkin(venues.qr(venueId));
        c.submit().statusCode(202);
        c.submit().statusCode(202);
        CheckinTestData.checkin(venues.qr(venueId)).person("number", "1").submit().statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("checkins_accepted_total{channel=\"PC_COVID\""))
                .body(containsString("checkins_duplicates_total{channel=\"PC_COVID\""))
                .body(containsString("checkins_refused_total{channel=\"PC_COVID\",reason=\"person\""))
                .body(containsString("checkins_latency_seconds_bucket{channel=\"PC_COVID\""));
    }
}
