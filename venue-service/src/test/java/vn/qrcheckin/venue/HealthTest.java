package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.testsupport.ServiceChecks;

@QuarkusTest
class HealthTest {

    @Test
    void readinessChecksPostgresAndRedis() {
        ServiceChecks.assertReadyWith("PostgreSQL", "Redis");
    }

    @Test
    void prometheusMetricsAndSwaggerUi() {
        given().get("/api/v1/admin-units/01").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds_count"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
