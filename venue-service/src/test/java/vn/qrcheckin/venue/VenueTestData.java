package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Builds venue registrations for tests; every field valid unless a test changes it. */
public final class VenueTestData {

    /** Phường Mộ Lao, Quận Hà Đông, Hà Nội. */
    public static final String MO_LAO = "09541";
    public static final String HA_DONG = "268";
    public static final String HA_NOI = "01";
    /** Phường Phúc Xá, Quận Ba Đình, Hà Nội. */
    public static final String PHUC_XA = "00001";
    /** Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh. */
    public static final String BEN_NGHE = "26740";
    public static final String HO_CHI_MINH = "79";

    private static final AtomicLong SEQ = new AtomicLong();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private VenueTestData() {
        fields.put("name", "Quán Phở Bò Hà Nội số " + SEQ.incrementAndGet());
        fields.put("type", "RESTAURANT_CAFE");
        fields.put("address", "36 Tô Hiệu");
        fields.put("communeCode", MO_LAO);
        fields.put("ownerName", "Nguyễn Văn Ân");
        fields.put("ownerPhone", "+84 912 345 678");
    }

    public static VenueTestData venue() {
        return new VenueTestData();
    }

    public VenueTestData with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public VenueTestData without(String field) {
        fields.remove(field);
        return this;
    }

    public Map<String, Object> body() {
        return fields;
    }

    /** Registers the venue with the given token, asserting 201; returns the answer. */
    public JsonPath createAs(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(fields)
                .when().post("/api/v1/venues")
                .then().statusCode(201).extract().jsonPath();
    }
}
