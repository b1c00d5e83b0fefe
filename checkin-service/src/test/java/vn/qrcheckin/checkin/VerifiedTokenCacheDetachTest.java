package vn.qrcheckin.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.security.Permission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.VerifiedTokenCache;

/**
 * The token cache keeps what the token decides, never the request that first presented it: that request is
 * collectable once answered, and later requests with the token get decisions of the token, not of it.
 * Identities are built as OIDC builds them (claims principal, access-token credential, the RoutingContext and
 * AuthenticationRequestContext as attributes, scopes as possessed permissions).
 */
class VerifiedTokenCacheDetachTest {

    @Test
    void theFirstRequestIsNotKeptByTheCache() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, 300);
        List<WeakReference<Object>> firstRequest = verifyOnce(cache, "token-a", "app-a", Set.of("app"), "checkins:write");
        assertEquals(1, cache.size());
        for (int i = 0; i < 50 && firstRequest.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int k = 0; k < pressure.length; k++) {
                pressure[k] = new byte[64 * 1024];
            }
            Thread.sleep(20);
        }
        assertNull(firstRequest.get(0).get(), "the first request's RoutingContext is still reachable");
        assertNull(firstRequest.get(1).get(), "the first request's AuthenticationRequestContext is still reachable");
        assertNull(firstRequest.get(2).get(), "the identity OIDC built for the first request is still reachable");
        assertNotNull(answer(cache, "token-a"), "while the token itself is still remembered");
    }

    @Test
    void laterRequestsGetTheTokensDecisionsAndNothingOfTheFirstRequest() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, 300);
        verifyOnce(cache, "token-a", "app-a", Set.of("app"), "checkins:write");
        verifyOnce(cache, "token-b", "owner-b", Set.of("venue-owner"), null);

        SecurityIdentity a = answer(cache, "token-a");
        SecurityIdentity b = answer(cache, "token-b");
        assertEquals("app-a", Callers.of(a).subject());
        assertEquals("owner-b", Callers.of(b).subject());
        assertTrue(a.hasRole("app") && !a.hasRole("venue-owner"));
        assertTrue(b.hasRole("venue-owner") && !b.hasRole("app"));
        // The token's scope is a permission of every request that presents it, and of no other token.
        assertTrue(granted(a, new StringPermission("checkins", "write")));
        assertFalse(granted(b, new StringPermission("checkins", "write")));
        // What the first request's own checker granted (it looked at that request) is not granted to later ones.
        assertFalse(granted(a, new StringPermission("venue", "42")));
        assertEquals("token-a", a.getCredential(AccessTokenCredential.class).getToken());
        for (SecurityIdentity cached : List.of(a, b)) {
            for (Object value : cached.getAttributes().values()) {
                assertFalse(value instanceof RoutingContext || value instanceof AuthenticationRequestContext, String.valueOf(value));
            }
            assertEquals("Default", cached.getAttribute("tenant-id"), "plain attributes are kept");
        }
        assertNull(answer(cache, "token-c"), "an unknown token is left to OIDC");
    }

    /**
     * One request presenting {@code token}, verified as OIDC would and handed to the cache's augmentor.
     * Returns weak references to that request's context, its authentication context and its identity.
     */
    private static List<WeakReference<Object>> verifyOnce(VerifiedTokenCache cache, String token, String subject, Set<String> roles,
            String scope) {
        RoutingContext context = request(token);
        AuthenticationRequestContext authContext = (AuthenticationRequestContext) Proxy.newProxyInstance(
                AuthenticationRequestContext.class.getClassLoader(), new Class<?>[] { AuthenticationRequestContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "first request's authentication context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        AccessTokenCredential credential = new AccessTokenCredential(token);
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt(subject, token))
                .addRoles(roles)
                .addCredential(credential)
                .addAttribute(RoutingContext.class.getName(), context)
                .addAttribute(AuthenticationRequestContext.class.getName(), authContext)
                .addAttribute("tenant-id", "Default")
                // A checker that decides from the request it was made for.
                .addPermissionChecker(p -> Uni.createFrom().item(context.request() != null && p.getName().equals("venue")));
        if (scope != null) {
            b.addPermissionAsString(scope);
        }
        SecurityIdentity first = b.build();
        cache.augment(first, authContext).await().atMost(Duration.ofSeconds(1));
        return List.of(new WeakReference<>(context), new WeakReference<>(authContext), new WeakReference<>(first));
    }

    private static SecurityIdentity answer(VerifiedTokenCache cache, String token) {
        return cache.authenticate(request(token), null).await().atMost(Duration.ofSeconds(1));
    }

    private static boolean granted(SecurityIdentity identity, Permission p) {
        return identity.checkPermission(p).await().atMost(Duration.ofSeconds(1));
    }

    /** A request carrying the token in its Authorization header: all the cache reads of it. */
    private static RoutingContext request(String token) {
        HttpServerRequest request = (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
                new Class<?>[] { HttpServerRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Authorization".contentEquals((CharSequence) args[0]) ? "Bearer " + token : null;
                    case "toString" -> "request with " + token;
                    default -> null;
                });
        return (RoutingContext) Proxy.newProxyInstance(RoutingContext.class.getClassLoader(), new Class<?>[] { RoutingContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "request" -> request;
                    case "toString" -> "routing context with " + token;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static JsonWebToken jwt(String subject, String raw) {
        Map<String, Object> claims = Map.of("sub", subject, "exp", System.currentTimeMillis() / 1000 + 300, "raw_token", raw);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
