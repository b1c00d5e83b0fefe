package vn.qrcheckin.checkin.service;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.contracts.qr.Ed25519Keys;
import vn.qrcheckin.contracts.qr.InvalidQrTokenException;
import vn.qrcheckin.contracts.qr.QrContent;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.contracts.qr.QrTokenCodec;
import vn.qrcheckin.web.ProblemException;

/**
 * Verifies venue QR tokens with the keys venue-service publishes (JWK set), without a call per request:
 * keys are fetched at start-up and again only for an unknown key id (at most every few seconds, so forged
 * key ids cannot flood venue-service), and verified tokens are remembered in a bounded cache, so the
 * signature check of a venue's code is paid once, not at every scan.
 */
@Singleton // no client proxy: called on every check-in
public class QrVerifier {

    private static final Logger LOG = Logger.getLogger(QrVerifier.class);

    private final WebClient http;
    private final CheckinConfig config;
    /** Real poster contents are about 150 characters; longer ones are verified every time. */
    static final int MAX_REMEMBERED_LENGTH = 512;

    private final Map<String, QrToken> verified;
    private final int maxVerified;
    private final AtomicLong lastRefresh = new AtomicLong();
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile boolean lastRefreshFailed;
    private static final java.time.Duration RETRY_AFTER_FAILURE = java.time.Duration.ofSeconds(1);

    public QrVerifier(Vertx vertx, CheckinConfig config) {
        this.http = WebClient.create(vertx);
        this.config = config;
        this.maxVerified = config.venue().verifiedTokenCacheSize();
        // Lock-free reads on the hot path; at the bound an arbitrary entry makes room (venue codes are
        // scanned over and over, so the ones in use come straight back).
        this.verified = new ConcurrentHashMap<>(1024);
    }

    void onStart(@Observes StartupEvent event) {
        // venue-service may start after us: a failure here only means the first scan fetches the keys.
        refresh().subscribe().with(k -> LOG.infof("%d QR verification keys from %s", k.size(), config.venue().url()),
                e -> LOG.infof("QR keys not fetched yet from %s (fetched on the first scan): %s", config.venue().url(), e.getMessage()));
    }

    /** The venue a scanned QR content names, once its signature is verified. */
    public Uni<QrToken> verify(String content) {
        QrToken now;
        try {
            now = verifyNow(content);
        } catch (InvalidQrTokenException e) {
            return Uni.createFrom().failure(e);
        }
        if (now != null) {
            return Uni.createFrom().item(now);
        }
        String token = QrContent.extractToken(content);
        return refreshIfAllowed().map(k -> remember(content, QrTokenCodec.verify(token, k::get)));
    }

    /**
     * Verifies without waiting when it can (the token seen before, or signed by a known key: a CPU check of
     * a few microseconds); null when the key id is unknown and the keys must be fetched first.
     *
     * @throws InvalidQrTokenException for a malformed, forged or altered token
     */
    public QrToken verifyNow(String content) {
        // Remembered by the scanned content itself: a poster's content is the same string every time, so a
        // hit skips cutting the token out of it as well as the signature check.
        QrToken hit = content == null ? null : verified.get(content);
        if (hit != null) {
            return hit;
        }
        String token = QrContent.extractToken(content);
        QrToken claims = QrTokenCodec.parseUnverified(token);
        Map<String, PublicKey> known = keys;
        if (!known.containsKey(claims.keyId())) {
            return null;
        }
        return remember(content, QrTokenCodec.verify(token, known::get));
    }

    private QrToken remember(String content, QrToken ok) {
        if (content.length() > MAX_REMEMBERED_LENGTH) {
            return ok; // a valid token behind an oversized host name: verified, but not worth the memory
        }
        if (verified.size() >= maxVerified) {
            Iterator<String> any = verified.keySet().iterator();
            if (any.hasNext()) {
                verified.remove(any.next());
            }
        }
        verified.put(content, ok);
        return ok;
    }

    /**
     * The keys, fetched again unless they were fetched within the minimum interval (forged codes with made-up
     * key ids must not flood venue-service). When venue-service cannot be reached, a code signed with a key
     * not known here cannot be judged: 503, retry (not "forged", which a genuine poster is not); a failed
     * fetch is retried after a second, not after the full interval.
     */
    private Uni<Map<String, PublicKey>> refreshIfAllowed() {
        long now = System.nanoTime();
        long last = lastRefresh.get();
        long interval = lastRefreshFailed ? RETRY_AFTER_FAILURE.toNanos() : config.venue().keyRefreshMinInterval().toNanos();
        if (last != 0 && now - last < interval) {
            return lastRefreshFailed ? Uni.createFrom().failure(keysUnavailable()) : Uni.createFrom().item(keys);
        }
        return refresh().onFailure().transform(e -> {
            LOG.warnf("QR keys could not be refreshed: %s", e.getMessage());
            return keysUnavailable();
        });
    }

    private static ProblemException keysUnavailable() {
        return ProblemException.unavailable("the code's signing key cannot be fetched from venue-service right now; retry", 2);
    }

    private Uni<Map<String, PublicKey>> refresh() {
        lastRefresh.set(System.nanoTime());
        return http.getAbs(config.venue().url() + "/api/v1/qr-keys").timeout(5000).send()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("venue-service answered " + response.statusCode() + " for the QR keys");
                    }
                    Map<String, PublicKey> fresh = new HashMap<>();
                    List<?> list = response.bodyAsJsonObject().getJsonArray("keys").getList();
                    for (Object o : list) {
                        Map<String, Object> jwk = o instanceof JsonObject j ? j.getMap() : castMap(o);
                        fresh.put(String.valueOf(jwk.get("kid")), Ed25519Keys.fromJwk(jwk));
                    }
                    keys = Map.copyOf(fresh);
                    lastRefreshFailed = false;
                    return keys;
                })
                .onFailure().invoke(e -> lastRefreshFailed = true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
