package vn.qrcheckin.gateway;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import vn.qrcheckin.testsupport.OpenApiFuzz;

/** The same generated run as the built services: this service joins by its OpenAPI document alone. */
@QuarkusTest
class OpenApiFuzzTest {

    @Test
    void everyGeneratedBadRequestIsAProblem() {
        OpenApiFuzz.Report report = new OpenApiFuzz("gateway", RestAssured.port, "no-token-here", 13L).run(() -> "no store of its own yet");
        report.assertClean(10);
    }
}
