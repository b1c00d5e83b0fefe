package vn.qrcheckin.gateway;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.testsupport.ServiceChecks;

@QuarkusTest
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
