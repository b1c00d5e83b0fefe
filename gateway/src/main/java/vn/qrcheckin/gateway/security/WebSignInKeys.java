package vn.qrcheckin.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.StartupEvent;

/**
 * A gateway without its web sign-in's secrets stops at start, naming them: Quarkus would only fail at the first
 * sign-in (the client secret) or quietly make a session key of its own per instance, so that a browser whose next
 * request lands on another replica is asked to sign in again.
 */
@Singleton
public class WebSignInKeys {

    static final String SESSION_KEY = "quarkus.oidc." + WebTenant.TENANT + ".token-state-manager.encryption-secret";
    static final String CLIENT_SECRET = "quarkus.oidc." + WebTenant.TENANT + ".credentials.secret";

    void check(@Observes StartupEvent start) {
        String key = read(SESSION_KEY, "GATEWAY_SESSION_KEY");
        if (key.length() < 32) {
            throw new IllegalStateException("GATEWAY_SESSION_KEY must have at least 32 characters");
        }
        read(CLIENT_SECRET, "GATEWAY_CLIENT_SECRET");
    }

    private static String read(String property, String variable) {
        String value;
        try {
            value = ConfigProvider.getConfig().getOptionalValue(property, String.class).orElse("");
        } catch (java.util.NoSuchElementException | IllegalArgumentException unresolved) {
            value = "";
        }
        if (value.isBlank()) {
            throw new IllegalStateException(variable + " is not set (" + property + "): the gateway's web sign-in needs it");
        }
        return value;
    }
}
