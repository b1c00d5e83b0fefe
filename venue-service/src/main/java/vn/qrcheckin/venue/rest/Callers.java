package vn.qrcheckin.venue.rest;

import java.security.Principal;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import vn.qrcheckin.venue.domain.Caller;

/** Reads the caller from the verified token: subject, roles and the "area" claim of staff accounts. */
final class Callers {

    static final String AREA_CLAIM = "area";

    private Callers() {
    }

    static Caller of(SecurityIdentity identity) {
        Principal principal = identity.getPrincipal();
        String subject = principal.getName();
        String area = null;
        if (principal instanceof JsonWebToken jwt) {
            subject = jwt.getSubject() != null ? jwt.getSubject() : subject;
            Object claim = jwt.getClaim(AREA_CLAIM);
            area = claim == null ? null : claim.toString().replace("\"", "");
        }
        return new Caller(subject, identity.getRoles(), area);
    }
}
