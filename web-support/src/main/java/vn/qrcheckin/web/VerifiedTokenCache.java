package vn.qrcheckin.web;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Remembers bearer tokens that OIDC verified, until they expire (at most {@code ttl-seconds}). A national
 * app sends thousands of requests with one client-credentials token; parsing it and checking its signature
 * each time was a quarter of a check-in's CPU. Runs as an authentication mechanism ahead of OIDC: a known,
 * unexpired token answers with the identity OIDC built for it; anything else falls through to OIDC, and
 * the augmentor remembers what OIDC accepted. Nothing unverified is ever stored.
 */
@Singleton // no client proxy: called on every check-in
public class VerifiedTokenCache implements HttpAuthenticationMechanism, SecurityIdentityAugmentor {

    private static final String BEARER = "Bearer ";
    /** The credential types OIDC gives an access token and an ID token (its AccessTokenCredential, IdTokenCredential). */
    private static final String BEARER_TYPE = "bearer";
    private static final String ID_TOKEN_TYPE = "id_token";

    /** A verified token: its identity built from the token's data alone ({@link #detached}), and when it expires. */
    private record Entry(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final int maxSize;
    private final long ttlMillis;

    public VerifiedTokenCache(@ConfigProperty(name = "qrcheckin.security.token-cache.max-size", defaultValue = "10000") int maxSize,
            @ConfigProperty(name = "qrcheckin.security.token-cache.ttl-seconds", defaultValue = "300") int ttlSeconds) {
        this.maxSize = maxSize;
        this.ttlMillis = ttlSeconds * 1000L;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (maxSize <= 0 || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        // Entries are keyed by "Bearer <token>", the header as clients send it: no copy of a 1 KB token per
        // request. Another spelling ("bearer", extra spaces) is made canonical first.
        String token = header.startsWith(BEARER) && !header.endsWith(" ") && header.indexOf(' ', BEARER.length()) < 0 ? header
                : BEARER + header.substring(BEARER.length()).trim();
        Entry e = cache.get(token);
        if (e == null) {
            return Uni.createFrom().nullItem();
        }
        if (System.currentTimeMillis() >= e.expiresAtMillis()) {
            cache.remove(token);
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        return Uni.createFrom().item(e.identity());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    /** Ahead of OIDC's bearer mechanism. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 500;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (maxSize > 0 && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
            TokenCredential credential = identity.getCredential(TokenCredential.class);
            // Only bearer tokens: a browser session's ID token (the code flow) must never become a bearer credential.
            if (credential != null && BEARER_TYPE.equals(credential.getType()) && jwt.getExpirationTime() > 0
                    && identity.getCredentials().stream().noneMatch(c -> c instanceof TokenCredential tc && ID_TOKEN_TYPE.equals(tc.getType()))) {
                if (cache.size() >= maxSize) {
                    Iterator<String> any = cache.keySet().iterator();
                    if (any.hasNext()) {
                        cache.remove(any.next());
                    }
                }
                long expires = Math.min(jwt.getExpirationTime() * 1000L, System.currentTimeMillis() + ttlMillis);
                cache.putIfAbsent(BEARER + credential.getToken(), new Entry(detached(identity), expires));
            }
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * The identity rebuilt from what the token alone decides, shared by every request that presents it:
     * principal (the verified claims), roles, token credentials, the permissions it possesses (OIDC's token
     * scopes) and plain-valued attributes. Nothing of the request that first presented it: not OIDC's
     * RoutingContext or AuthenticationRequestContext attributes, and not that identity's permission
     * checkers (functions that may close over the request, and did pin it here, up to max-size requests).
     */
    private static SecurityIdentity detached(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(Set.copyOf(identity.getRoles()))
                .setAnonymous(false);
        for (Credential c : identity.getCredentials()) {
            if (c instanceof TokenCredential) {
                b.addCredential(c);
            }
        }
        if (identity instanceof QuarkusSecurityIdentity q && !q.getPermissions().isEmpty()) {
            b.addPermissions(Set.copyOf(q.getPermissions()));
        }
        identity.getAttributes().forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                b.addAttribute(name, value);
            }
        });
        // Read the claims once per token, not on every request that presents it (Callers.of).
        b.addAttribute(Callers.CALLER_ATTRIBUTE, Callers.read(identity));
        return b.build();
    }

    /** Requests answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    public int size() {
        return cache.size();
    }
}
