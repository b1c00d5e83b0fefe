package vn.qrcheckin.venue.domain;

import java.util.Set;

/**
 * Who is calling, from the verified bearer token.
 *
 * @param area the administrative code an operator or inspector is limited to (token claim "area")
 */
public record Caller(String subject, Set<String> roles, String area) {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String INSPECTOR = "inspector";
    public static final String VENUE_OWNER = "venue-owner";

    public boolean is(String role) {
        return roles.contains(role);
    }
}
