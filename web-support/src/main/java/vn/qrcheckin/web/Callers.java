package vn.qrcheckin.web;

import java.security.Principal;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** Reads the caller from the verified token: subject, roles and the "area" claim of staff accounts. */
public final class Callers {

    public static final String AREA_CLAIM = "area";

    private Callers() {
    }

    /** Where an identity from the {@link VerifiedTokenCache} keeps its caller, read when the token was first verified. */
    static final String CALLER_ATTRIBUTE = "qrcheckin.caller";

    public static Caller of(SecurityIdentity identity) {
        return identity.getAttribute(CALLER_ATTRIBUTE) instanceof Caller known ? known : read(identity);
    }

    static Caller read(SecurityIdentity identity) {
        Principal principal = identity.getPrincipal();
        String subject = principal.getName();
        String area = null;
        String client = null;
        String name = null;
        if (principal instanceof JsonWebToken jwt) {
            subject = jwt.getSubject() != null ? jwt.getSubject() : subject;
            area = claim(jwt, AREA_CLAIM);
            client = claim(jwt, "azp");
            if (client == null) {
                client = claim(jwt, "client_id");
            }
            name = claim(jwt, "name");
            if (name == null || name.isBlank()) {
                name = claim(jwt, "preferred_username");
            }
        }
        return new Caller(subject, identity.getRoles(), area, client, name);
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object claim = jwt.getClaim(name);
        return claim == null ? null : claim.toString().replace("\"", "");
    }
}
