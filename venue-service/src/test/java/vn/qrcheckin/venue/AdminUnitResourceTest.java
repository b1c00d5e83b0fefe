package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AdminUnitResourceTest {

    @Test
    void searchIgnoresDiacriticsAndCase() {
        given().get("/api/v1/admin-units?q=mo lao").then().statusCode(200)
                .body("code", hasItem("09541")).body("find { it.code == '09541' }.name", equalTo("Phường Mộ Lao"));
        given().get("/api/v1/admin-units?q=MỘ LÀO").then().statusCode(200).body("code", hasItem("09541"));
        given().get("/api/v1/admin-units?q=dong da&level=DISTRICT").then().statusCode(200).body("name", hasItem("Quận Đống Đa"));
    }

    @Test
    void hierarchyComesFromTheData() {
        // The 2021 set: 63 provinces, Hà Nội has 30 districts; Hà Đông has Mộ Lao.
        given().get("/api/v1/admin-units?level=PROVINCE&limit=1000").then().statusCode(200).body("$", hasSize(63));
        given().get("/api/v1/admin-units?parent=01").then().statusCode(200).body("$", hasSize(30))
                .body("level", org.hamcrest.Matchers.everyItem(equalTo("DISTRICT")));
        given().get("/api/v1/admin-units?parent=268&q=mo lao").then().body("code", equalTo(List.of("09541")));
        given().get("/api/v1/admin-units/09541").then().statusCode(200)
                .body("level", equalTo("COMMUNE")).body("type", equalTo("Phường")).body("parentCode", equalTo("268"))
                .body("path.code", equalTo(List.of("01", "268", "09541"))).body("children", equalTo(0));
        given().get("/api/v1/admin-units/01").then().body("type", equalTo("Thành phố")).body("children", equalTo(30));
        // An island district with no communes is still a district.
        given().get("/api/v1/admin-units/318").then().statusCode(200).body("level", equalTo("DISTRICT")).body("children", equalTo(0));
    }

    @Test
    void badQueriesAreProblems() {
        given().get("/api/v1/admin-units/00000").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/admin-units?level=village").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("level"));
        given().get("/api/v1/admin-units?parent=zz").then().statusCode(400).body("errors[0].field", equalTo("parent"));
        given().get("/api/v1/admin-units?limit=-1").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }
}
