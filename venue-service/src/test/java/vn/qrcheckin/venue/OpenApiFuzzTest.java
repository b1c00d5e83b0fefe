package vn.qrcheckin.venue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import vn.qrcheckin.testsupport.OpenApiFuzz;
import vn.qrcheckin.testsupport.StoreProbe;
import vn.qrcheckin.testsupport.TestTokens;

/** Bad requests generated from this service's OpenAPI document: every answer a problem, nothing refused stored. */
@QuarkusTest
class OpenApiFuzzTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @Test
    void everyGeneratedBadRequestIsAProblemAndWritesNothing() {
        // One venue, so that paths with an id reach the checks behind the look-up.
        long id = VenueTestData.venue().createAs(TestTokens.admin()).getLong("id");
        OpenApiFuzz.Report report = new OpenApiFuzz("venue-service", RestAssured.port, TestTokens.everything(), 7L)
                .pathValue("id", Long.toString(id))
                .run(() -> StoreProbe.rows(jdbcUrl, user));
        report.assertClean(1500);
    }
}
