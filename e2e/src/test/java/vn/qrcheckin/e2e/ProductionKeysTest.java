package vn.qrcheckin.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged services and the gateway in their production profile have no built-in keys: a start without one
 * stops, and says which (the dev and test profiles, and scripts/dev-keys.sh for the run command, supply development keys).
 */
class ProductionKeysTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void venueServiceWithoutItsKeyWrappingKeyDoesNotStart() throws Exception {
        String out = startWithout("venue-service", Map.of());
        assertTrue(out.contains("QR_KEY_ENCRYPTION_KEY"), out);
    }

    @Test
    void checkinServiceWithoutItsIdentityKeysDoesNotStart() throws Exception {
        String out = startWithout("checkin-service", Map.of("PERSON_CARD_KEY", "ZGV2LW9ubHktcGVyc29uLWNhcmQta2V5LWNoYW5nZS1pdC1wbGVhc2U="));
        assertTrue(out.contains("PSEUDONYM_KEY") && out.contains("FIELD_KEY"), out);
    }

    @Test
    void theGatewayWithoutItsSessionKeyOrClientSecretDoesNotStart() throws Exception {
        String out = startWithout("gateway", Map.of("GATEWAY_CLIENT_SECRET", "gateway-secret-for-development-only"));
        assertTrue(out.contains("GATEWAY_SESSION_KEY"), out);
        out = startWithout("gateway", Map.of("GATEWAY_CLIENT_SECRET", "gateway-secret-for-development-only", "GATEWAY_SESSION_KEY", "too-short"));
        assertTrue(out.contains("at least 32 characters"), out);
        out = startWithout("gateway", Map.of("GATEWAY_SESSION_KEY", "a-session-key-of-at-least-32-characters"));
        assertTrue(out.contains("GATEWAY_CLIENT_SECRET"), out);
    }

    /** Starts the service with none of the keys but {@code keys}; asserts it exits on its own, non-zero. */
    private static String startWithout(String service, Map<String, String> keys) throws Exception {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is built by the reactor before this module");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Dquarkus.http.port=0", "-jar", jar.toString())).redirectErrorStream(true);
        for (String k : List.of("PSEUDONYM_KEY", "FIELD_KEY", "PERSON_CARD_KEY", "QR_KEY_ENCRYPTION_KEY", "GATEWAY_SESSION_KEY", "GATEWAY_CLIENT_SECRET")) {
            pb.environment().remove(k);
        }
        pb.environment().putAll(keys);
        Process p = pb.start();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(exited, service + " kept running without its keys:\n" + out);
        assertNotEquals(0, p.exitValue(), out);
        return out;
    }
}
