package vn.qrcheckin.tracing;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import vn.qrcheckin.testsupport.OpenApiFuzz;
import vn.qrcheckin.testsupport.TestTokens;

/** The same generated run as the other services: refused requests are problems and open no case. */
@QuarkusTest
class OpenApiFuzzTest {

    @Inject
    Pool pool;

    @Test
    void everyGeneratedBadRequestIsAProblem() {
        String open = "{\"person\":{\"idType\":\"PHONE\",\"number\":\"0912345678\"},\"infectiousFrom\":\"2026-11-20T00:00:00Z\","
                + "\"infectiousTo\":\"2026-11-28T00:00:00Z\",\"provinceCode\":\"01\",\"label\":\"fuzz\"}";
        OpenApiFuzz.Report report = new OpenApiFuzz("tracing-service", RestAssured.port, TestTokens.everything(), 13L)
                .example("POST", "/api/v1/tracing/cases", open)
                .run(() -> "cases=" + pool.query("SELECT count(*) FROM cases").execute().await().indefinitely().iterator().next().getLong(0));
        report.assertClean(100);
    }
}
