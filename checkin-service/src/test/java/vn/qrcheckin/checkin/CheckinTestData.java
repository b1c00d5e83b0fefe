package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import vn.qrcheckin.testsupport.TestTokens;

/** Builds check-in bodies for tests; every field valid unless a test changes it. */
public final class CheckinTestData {

    /** The demo app's client id, mapped to PC_COVID in application.properties. */
    public static final String APP = "pc-covid";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private CheckinTestData(String qr) {
        fields.put("id", UUID.randomUUID().toString());
        fields.put("qr", qr);
        fields.put("person", new LinkedHashMap<>(Map.of("idType", "PHONE", "number", "0912345678", "name", "Nguyễn Văn Ân")));
        fields.put("direction", "IN");
        fields.put("occurredAt", Instant.now().minusSeconds(30).toString());
        fields.put("declaration", Map.of("fever", false, "cough", true));
    }

    public static CheckinTestData checkin(String qr) {
        return new CheckinTestData(qr);
    }

    public CheckinTestData with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public CheckinTestData without(String field) {
        fields.remove(field);
        return this;
    }

    @SuppressWarnings("unchecked")
    public CheckinTestData person(String field, Object value) {
        ((Map<String, Object>) fields.get("person")).put(field, value);
        return this;
    }

    public String id() {
        return (String) fields.get("id");
    }

    public Map<String, Object> body() {
        return fields;
    }

    public ValidatableResponse submit() {
        return given().auth().oauth2(TestTokens.app(APP)).contentType(ContentType.JSON).body(fields).post("/api/v1/checkins").then();
    }
}
