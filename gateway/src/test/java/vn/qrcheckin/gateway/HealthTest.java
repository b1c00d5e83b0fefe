package vn.qrcheckin.gateway;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.testsupport.PrivateStoresResource;
import vn.qrcheckin.testsupport.ServiceChecks;

@QuarkusTest
@QuarkusTestResource(value = PrivateStoresResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class HealthTest {

    @Test
    void readinessReallyChecksItsStores() {
        ServiceChecks.assertReadyWith("Redis");
    }

    @Test
    void openApiAndMetricsAreServed() {
        ServiceChecks.assertOpenApiAndMetrics();
    }
}
