package vn.qrcheckin.tracing;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.testsupport.PrivateStoresResource;
import vn.qrcheckin.testsupport.ServiceChecks;

@QuarkusTest
@QuarkusTestResource(PrivateStoresResource.class)
class HealthTest {

    @Test
    void readinessReallyChecksItsStores() {
        ServiceChecks.assertReadyWith("PostgreSQL", "Redis");
    }

    @Test
    void openApiAndMetricsAreServed() {
        ServiceChecks.assertOpenApiAndMetrics();
    }
}
