package vn.qrcheckin.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The merged document is read from the services once per cache-ttl, however many ask for it meanwhile. */
@QuarkusTest
@TestProfile(MergedOpenApiCacheTest.LongTtl.class)
class MergedOpenApiCacheTest {

    public static class LongTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qrcheckin.openapi.cache-ttl", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenApiUpstreams.class));
        }
    }

    static int served(String service) {
        String base = ConfigProvider.getConfig().getValue("test.openapi." + service + ".control", String.class);
        return Integer.parseInt(given().get(base + "/__served").then().statusCode(200).extract().asString());
    }

    @Test
    void manyRequestsOneReadPerService() {
        // Twenty at once: the first merge is shared, not started twenty times.
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().get("/openapi").then().extract().statusCode())).toList();
        calls.forEach(c -> assertEquals(200, c.join()));
        given().get("/openapi").then().statusCode(200);
        for (String s : OpenApiUpstreams.SERVICES) {
            assertEquals(1, served(s), s);
        }
    }
}
