package vn.qrcheckin.venue.service;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.qr.Ed25519Keys;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.contracts.qr.QrTokenCodec;
import vn.qrcheckin.venue.config.VenueConfig;
import vn.qrcheckin.venue.repository.QrKeyRepository;
import vn.qrcheckin.venue.repository.QrKeyRepository.StoredKey;

/**
 * The Ed25519 keys that sign venue QR tokens. One key is active for signing; retired keys stay published
 * and keep verifying, so rotating never invalidates a printed poster. Private keys rest in PostgreSQL
 * wrapped with AES-256-GCM under the configured key-encryption key.
 */
@ApplicationScoped
public class QrKeyService {

    private static final Logger LOG = Logger.getLogger(QrKeyService.class);
    private static final DateTimeFormatter KID_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final int GCM_IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key id with its public key, as published. */
    public record PublishedKey(String kid, PublicKey publicKey, Instant createdAt, boolean active, Instant retiredAt) {
    }

    /** A signed token and the id of the key that signed it. */
    public record SignedToken(String token, String keyId) {
    }

    private record Keys(String activeKid, PrivateKey activePrivate, Map<String, PublishedKey> published) {
    }

    private final QrKeyRepository repository;
    private final SecretKeySpec wrappingKey;
    private volatile Keys keys;

    public QrKeyService(QrKeyRepository repository, VenueConfig config) {
        this.repository = repository;
        byte[] kek = Base64.getDecoder().decode(config.qr().keyEncryptionKey());
        if (kek.length != 32) {
            throw new IllegalStateException("qrcheckin.qr.key-encryption-key must be 32 bytes, base64");
        }
        this.wrappingKey = new SecretKeySpec(kek, "AES");
    }

    void onStart(@Observes StartupEvent event) {
        reload().chain(k -> k.activeKid() != null ? Uni.createFrom().item(k)
                : repository.insertIfNoActive(newKey(Instant.now())).chain(this::reload))
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("QR signing key %s active, %d published", keys.activeKid(), keys.published().size());
    }

    /** Picks up keys rotated by another instance. */
    @Scheduled(every = "${qrcheckin.qr.key-refresh:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().replaceWithVoid();
    }

    public SignedToken sign(long venueId, String communeCode) {
        Keys k = keys;
        return new SignedToken(QrTokenCodec.sign(new QrToken(venueId, communeCode, k.activeKid()), k.activePrivate()), k.activeKid());
    }

    /**
     * Verifies a token against the published keys, reloading them once if the key id is unknown (a key
     * rotated on another instance moments ago).
     */
    public Uni<QrToken> verify(String token) {
        QrToken claims = QrTokenCodec.parseUnverified(token);
        Uni<Keys> current = keys.published().containsKey(claims.keyId()) ? Uni.createFrom().item(keys) : reload();
        return current.map(k -> QrTokenCodec.verify(token, kid -> {
            PublishedKey key = k.published().get(kid);
            return key == null ? null : key.publicKey();
        }));
    }

    public List<PublishedKey> published() {
        return new ArrayList<>(keys.published().values());
    }

    /** Makes a new key the active one; tokens signed by the old key stay valid. */
    public Uni<PublishedKey> rotate() {
        Instant now = Instant.now();
        StoredKey key = newKey(now);
        return repository.activate(key).chain(this::reload).map(k -> k.published().get(key.kid()));
    }

    private Uni<Keys> reload() {
        return repository.findAll().map(stored -> {
            Map<String, PublishedKey> published = new HashMap<>();
            String activeKid = null;
            PrivateKey activePrivate = null;
            for (StoredKey s : stored) {
                published.put(s.kid(), new PublishedKey(s.kid(), Ed25519Keys.publicKeyFromRaw(s.publicKey()), s.createdAt(), s.active(),
                        s.retiredAt()));
                if (s.active()) {
                    activeKid = s.kid();
                    activePrivate = Ed25519Keys.privateKeyFromPkcs8(unwrap(s.wrappedPrivateKey()));
                }
            }
            Keys k = new Keys(activeKid, activePrivate, Map.copyOf(published));
            this.keys = k;
            return k;
        });
    }

    static String thumbprint(byte[] rawPublicKey) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
            long bits = 0;
            for (int i = 0; i < 5; i++) {
                bits = bits << 8 | (hash[i] & 0xff);
            }
            return Long.toString(bits, 36);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private StoredKey newKey(Instant now) {
        KeyPair pair = Ed25519Keys.generate();
        byte[] raw = Ed25519Keys.rawPublicKey(pair.getPublic());
        // Time plus 40 bits of the SHA-256 of the raw public key (a thumbprint of the key): readable, sortable, and two
        // rotations in one second differ because their keys differ (a random suffix below 1,296 had collided).
        String kid = "k" + KID_FORMAT.format(now) + "-" + thumbprint(raw);
        return new StoredKey(kid, raw, wrap(pair.getPrivate().getEncoded()), now, true, null);
    }

    private byte[] wrap(byte[] plain) {
        try {
            byte[] iv = new byte[GCM_IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap QR signing key", e);
        }
    }

    private byte[] unwrap(byte[] wrapped) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(128, wrapped, 0, GCM_IV_BYTES));
            return cipher.doFinal(wrapped, GCM_IV_BYTES, wrapped.length - GCM_IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot unwrap QR signing key: wrong qrcheckin.qr.key-encryption-key?", e);
        }
    }
}
