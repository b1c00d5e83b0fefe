package vn.qrcheckin.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** What every service serves, checked the same way in each: readiness on its real stores, OpenAPI, metrics. */
public final class ServiceChecks {

    private ServiceChecks() {
    }

    /** Ready, and among the readiness checks one naming each store (e.g. "PostgreSQL", "Redis"). */
    public static void assertReadyWith(String... stores) {
        var ready = given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        for (String store : stores) {
            ready.body("checks.name", hasItem(containsString(store)));
        }
        given().get("/q/health/live").then().statusCode(200);
    }

    public static void assertOpenApiAndMetrics() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("info.title", containsString("qrcheckin"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
