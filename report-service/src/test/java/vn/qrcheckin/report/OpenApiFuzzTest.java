package vn.qrcheckin.report;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import vn.qrcheckin.testsupport.OpenApiFuzz;
import vn.qrcheckin.testsupport.TestTokens;

/** The same generated run as the other services: every refused request is a problem, and reading writes nothing. */
@QuarkusTest
class OpenApiFuzzTest {

    @Inject
    ReportData data;

    @Test
    void everyGeneratedBadRequestIsAProblem() {
        OpenApiFuzz.Report report = new OpenApiFuzz("report-service", RestAssured.port, TestTokens.everything(), 13L)
                .run(() -> "counted=" + data.count("SELECT count(*) FROM counted_checkins") + " venues="
                        + data.count("SELECT count(*) FROM report_venues"));
        report.assertClean(50);
    }
}
