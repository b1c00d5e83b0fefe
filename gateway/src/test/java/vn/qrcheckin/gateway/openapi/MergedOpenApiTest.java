package vn.qrcheckin.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The gateway's {@code /openapi} merged from stand-ins serving the services' real documents ({@link OpenApiUpstreams}),
 * checked against what those documents say, not against the merger's own rules.
 */
@QuarkusTest
@TestProfile(MergedOpenApiTest.StandIns.class)
class MergedOpenApiTest {

    public static class StandIns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // No caching: each request reads the stand-ins again (a service going down shows at once).
            return Map.of("qrcheckin.openapi.cache-ttl", "0s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenApiUpstreams.class));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    static JsonNode merged() throws Exception {
        String body = given().get("/openapi").then().statusCode(200).contentType("application/json").extract().asString();
        return JSON.readTree(body);
    }

    static void control(String service, String action) {
        String base = ConfigProvider.getConfig().getValue("test.openapi." + service + ".control", String.class);
        given().post(base + "/__" + action).then().statusCode(204);
    }

    @AfterEach
    void allUp() {
        OpenApiUpstreams.SERVICES.forEach(s -> control(s, "up"));
    }

    /** Every $ref in the document, with where it was found. */
    static List<String[]> refs(JsonNode node, String at, List<String[]> sink) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref") && f.getValue().isTextual()) {
                    sink.add(new String[] { f.getValue().asText(), at });
                } else {
                    refs(f.getValue(), at + "/" + f.getKey(), sink);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refs(node.get(i), at + "/" + i, sink);
            }
        }
        return sink;
    }

    static JsonNode resolve(JsonNode doc, String ref) {
        assertTrue(ref.startsWith("#/"), ref);
        return doc.at(ref.substring(1));
    }

    @Test
    void everyRoutedPathOnceWithItsOperations() throws Exception {
        JsonNode doc = merged();
        Set<String> expected = new TreeSet<>();
        int operations = 0;
        for (String s : OpenApiUpstreams.SERVICES) {
            JsonNode paths = OpenApiUpstreams.original(s).path("paths");
            for (var it = paths.fieldNames(); it.hasNext();) {
                String p = it.next();
                // venue-service's snapshot for the other services is the only path in these documents the gateway does not route.
                if (!p.equals("/api/v1/internal/venue-snapshot")) {
                    assertTrue(expected.add(p), "one service per path in the sources: " + p);
                    for (String m : METHODS) {
                        if (paths.path(p).has(m)) {
                            operations++;
                            assertEquals(paths.path(p).path(m).path("summary"), doc.path("paths").path(p).path(m).path("summary"), m + " " + p);
                        }
                    }
                }
            }
        }
        Set<String> actual = new TreeSet<>();
        doc.path("paths").fieldNames().forEachRemaining(actual::add);
        assertEquals(expected, actual, "the routed paths of the four services, /q/health and the internal snapshot left out");
        int merged = 0;
        for (JsonNode item : doc.path("paths")) {
            for (String m : METHODS) {
                merged += item.has(m) ? 1 : 0;
            }
        }
        assertEquals(operations, merged);
        assertEquals("3.1.0", doc.path("openapi").asText());
        assertFalse(doc.has("x-unavailable"));
        // Tags of the kept operations, each once, with the service's description; venue's "Internal" tag went with its path.
        List<String> tags = new ArrayList<>();
        doc.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertEquals(new HashSet<>(tags).size(), tags.size(), tags.toString());
        assertTrue(tags.containsAll(List.of("Venues", "Check-ins", "Web check-in", "Cases", "Reports")), tags.toString());
        assertFalse(tags.contains("Internal"), tags.toString());
    }

    @Test
    void collidingSchemasAreRenamedAndNoRefDangles() throws Exception {
        JsonNode doc = merged();
        JsonNode schemas = doc.path("components").path("schemas");
        // Equal everywhere: kept once, under its own name.
        for (String shared : List.of("FieldError", "Instant")) {
            assertTrue(schemas.has(shared), shared);
            for (String prefix : List.of("Venue", "Checkin", "Tracing", "Report")) {
                assertFalse(schemas.has(prefix + shared), prefix + shared);
            }
        }
        // Report's Problem differs: the first (venue's) keeps the name, report's is ReportProblem and report's operations use it.
        assertFalse(schemas.path("Problem").path("properties").has("retryAfter"));
        assertTrue(schemas.path("ReportProblem").path("properties").has("retryAfter"));
        String summary500 = doc.at("/paths/~1api~1v1~1reports~1summary/get/responses/500/content/application~1problem+json/schema/$ref").asText();
        assertEquals("#/components/schemas/ReportProblem", summary500);
        String venue500 = doc.at("/paths/~1api~1v1~1venues/get/responses/500/content/application~1problem+json/schema/$ref").asText();
        assertEquals("#/components/schemas/Problem", venue500);
        // Tracing's IdType differs from checkin's: renamed, and tracing's own schemas follow.
        assertFalse(schemas.path("IdType").path("enum").toString().contains("PASSPORT"));
        assertTrue(schemas.path("TracingIdType").path("enum").toString().contains("PASSPORT"));
        // Identity is the same text in both, but refers to a renamed schema in tracing: two schemas.
        assertEquals("#/components/schemas/IdType", schemas.at("/Identity/properties/type/$ref").asText());
        assertEquals("#/components/schemas/TracingIdType", schemas.at("/TracingIdentity/properties/type/$ref").asText());
        assertEquals("#/components/schemas/Identity", schemas.at("/Person/properties/identity/$ref").asText());
        assertEquals("#/components/schemas/TracingIdentity", schemas.at("/Visitor/properties/identity/$ref").asText());
        // Nothing dangles, and nothing of the dropped internal snapshot stays behind.
        List<String[]> refs = refs(doc, "", new ArrayList<>());
        assertTrue(refs.size() > 100, "refs checked: " + refs.size());
        for (String[] r : refs) {
            JsonNode target = resolve(doc, r[0]);
            assertFalse(target.isMissingNode(), r[0] + " at " + r[1] + " dangles");
        }
        assertFalse(schemas.has("VenueSnapshot"), "only reachable from the internal path");
    }

    @Test
    void oneOAuth2SchemeWithTheProvidersEndpointsOnEveryOperation() throws Exception {
        JsonNode doc = merged();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertEquals(1, schemes.size(), schemes.toString());
        JsonNode oauth2 = schemes.path("oauth2");
        assertEquals("oauth2", oauth2.path("type").asText());
        // The test realm (OidcWiremockTestResource) is the gateway's quarkus.oidc.auth-server-url; Keycloak's endpoints hang under it.
        String realm = ConfigProvider.getConfig().getValue("keycloak.url", String.class) + "/realms/quarkus";
        assertEquals(realm + "/protocol/openid-connect/token", oauth2.at("/flows/clientCredentials/tokenUrl").asText());
        assertEquals(realm + "/protocol/openid-connect/auth", oauth2.at("/flows/authorizationCode/authorizationUrl").asText());
        assertEquals(realm + "/protocol/openid-connect/token", oauth2.at("/flows/authorizationCode/tokenUrl").asText());
        int secured = 0;
        for (String s : OpenApiUpstreams.SERVICES) {
            JsonNode paths = OpenApiUpstreams.original(s).path("paths");
            for (var it = paths.fields(); it.hasNext();) {
                var p = it.next();
                for (String m : METHODS) {
                    JsonNode source = p.getValue().path(m);
                    JsonNode op = doc.path("paths").path(p.getKey()).path(m);
                    if (source.isMissingNode() || op.isMissingNode()) {
                        continue;
                    }
                    if (source.path("security").isEmpty()) {
                        assertTrue(op.path("security").isEmpty(), "still public: " + m + " " + p.getKey());
                        continue;
                    }
                    secured++;
                    assertEquals("[{\"oauth2\":[]}]", op.path("security").toString(), m + " " + p.getKey());
                    Set<String> roles = new TreeSet<>();
                    source.path("security").forEach(r -> r.forEach(scopes -> scopes.forEach(x -> roles.add(x.asText()))));
                    Set<String> xRoles = new TreeSet<>();
                    op.path("x-roles").forEach(x -> xRoles.add(x.asText()));
                    assertEquals(roles, xRoles, "the roles the service asks for: " + m + " " + p.getKey());
                }
            }
        }
        assertTrue(secured > 20, "secured operations checked: " + secured);
        assertEquals("[\"admin\",\"operator\"]", doc.at("/paths/~1api~1v1~1reports~1summary/get/x-roles").toString());
    }

    @Test
    void aServiceDownLeavesTheOthersAndIsNamed() throws Exception {
        control("tracing", "down");
        JsonNode doc = merged();
        assertEquals("tracing", doc.at("/x-unavailable/0/service").asText(), doc.path("x-unavailable").toString());
        assertEquals(1, doc.path("x-unavailable").size());
        assertTrue(doc.at("/x-unavailable/0/detail").asText().contains("503"), doc.path("x-unavailable").toString());
        assertTrue(doc.at("/info/description").asText().contains("tracing"));
        assertTrue(doc.path("paths").has("/api/v1/venues"));
        assertTrue(doc.path("paths").has("/api/v1/checkins"));
        assertTrue(doc.path("paths").has("/api/v1/reports/summary"));
        doc.path("paths").fieldNames().forEachRemaining(p -> assertFalse(p.startsWith("/api/v1/tracing") || p.equals("/api/v1/exposure-sites"), p));
        for (String[] r : refs(doc, "", new ArrayList<>())) {
            assertFalse(resolve(doc, r[0]).isMissingNode(), r[0] + " at " + r[1] + " dangles");
        }
        // Every service down: nothing to serve, a 503 problem naming them all.
        OpenApiUpstreams.SERVICES.forEach(s -> control(s, "down"));
        String body = given().get("/openapi").then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .extract().asString();
        JsonNode problem = JSON.readTree(body);
        assertEquals(503, problem.path("status").asInt());
        Set<String> named = new TreeSet<>();
        problem.path("unavailable").forEach(u -> named.add(u.path("service").asText()));
        assertEquals(new TreeSet<>(OpenApiUpstreams.SERVICES), named);
        assertTrue(problem.path("detail").asText().contains("tracing"));
        // Back up: whole again.
        OpenApiUpstreams.SERVICES.forEach(s -> control(s, "up"));
        assertFalse(merged().has("x-unavailable"));
    }

    @Test
    void yamlOnRequestAndTheSwaggerUiPointsAtIt() throws Exception {
        String yaml = given().get("/openapi?format=yaml").then().statusCode(200).contentType("application/yaml").extract().asString();
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertEquals(merged(), doc);
        String config = given().get("/q/swagger-ui/index.html").then().statusCode(200).extract().asString();
        assertTrue(config.contains("/openapi"), "the UI reads the merged document");
        assertTrue(config.contains("qrcheckin-cli"), "the Authorize dialog's client");
        assertNotNull(config);
    }
}
