package vn.qrcheckin.testsupport;

import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Signed bearer tokens for the Quarkus OIDC test server ({@code OidcWiremockTestResource}): real RS256
 * tokens that the service verifies against the server's JWKS, never disabled security.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";

    private TestTokens() {
    }

    public static String admin() {
        return base("admin-1", "admin").sign();
    }

    /** A venue owner; the subject is what the service records as the owner. */
    public static String owner(String subject) {
        return base(subject, "venue-owner").sign();
    }

    /** Provincial, district or commune staff, limited to one area code. */
    public static String operator(String areaCode) {
        return base("operator-" + areaCode, "operator").claim("area", areaCode).sign();
    }

    /** A health tracing team member of one province. */
    public static String tracer(String provinceCode) {
        return base("tracer-" + provinceCode, "tracer").claim("area", provinceCode).sign();
    }

    public static String inspector(String areaCode) {
        return base("inspector-" + areaCode, "inspector").claim("area", areaCode).sign();
    }

    /** A national app's client-credentials token: role app, the client id in "azp". */
    public static String app(String clientId) {
        return base("service-account-" + clientId, "app").claim("azp", clientId).sign();
    }

    /**
     * Every role, and a registered national app's client id: gets a generated request past authentication
     * to the checks of any operation (the fuzz run).
     */
    public static String everything() {
        return base("fuzz-all", "admin", "app", "operator", "inspector", "venue-owner", "tracer").claim("azp", "pc-covid").sign();
    }

    /** A token with the given roles and no area claim. */
    public static String withRoles(String subject, String... roles) {
        return base(subject, roles).sign();
    }

    private static JwtClaimsBuilder base(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .preferredUserName(subject)
                .groups(Set.of(roles))
                .expiresIn(3600);
    }
}
