package vn.qrcheckin.tracing;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import vn.qrcheckin.testsupport.OpenApiFuzz;
import vn.qrcheckin.testsupport.PrivateStoresResource;

/** The same generated run as the built services: this service joins by its OpenAPI document alone. */
@QuarkusTest
@QuarkusTestResource(PrivateStoresResource.class)
class OpenApiFuzzTest {

    @Test
    void everyGeneratedBadRequestIsAProblem() {
        OpenApiFuzz.Report report = new OpenApiFuzz("tracing-service", RestAssured.port, "no-token-here", 13L).run(() -> "no store of its own yet");
        report.assertClean(10);
    }
}
