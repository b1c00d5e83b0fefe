package vn.qrcheckin.web;

import java.util.Set;

/**
 * Who is calling, from the verified bearer token.
 *
 * @param area the administrative code an operator or inspector is limited to (token claim "area")
 * @param clientId the OAuth2 client the token was issued to (claim "azp", else "client_id")
 * @param name the account's display name (claim "name", else "preferred_username"), recorded where an official
 *        signs for an act (an inspection); null for a client without one
 */
public record Caller(String subject, Set<String> roles, String area, String clientId, String name) {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String INSPECTOR = "inspector";
    public static final String VENUE_OWNER = "venue-owner";
    public static final String APP = "app";
    public static final String TRACER = "tracer";

    public boolean is(String role) {
        return roles.contains(role);
    }
}
