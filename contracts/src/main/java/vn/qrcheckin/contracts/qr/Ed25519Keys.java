package vn.qrcheckin.contracts.qr;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ed25519 key helpers on the JDK's own provider (Java 15+), and the JWK form of RFC 8037 that apps use to
 * verify venue codes offline.
 */
public final class Ed25519Keys {

    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw 32-byte key follows it. */
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    private static final int RAW_LENGTH = 32;

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** The 32-byte seed of a private key (the last bytes of its PKCS#8 form, RFC 8410). */
    public static byte[] rawPrivateKey(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - RAW_LENGTH, encoded.length);
    }

    /** The 32 raw bytes of a public key (the JWK "x" value). */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - RAW_LENGTH, encoded.length);
    }

    public static PublicKey publicKeyFromRaw(byte[] raw) {
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException("An Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + RAW_LENGTH);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, RAW_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key", e);
        }
    }

    public static PrivateKey privateKeyFromPkcs8(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 private key", e);
        }
    }

    /** The public key as an RFC 8037 OKP JWK. */
    public static Map<String, String> toJwk(String keyId, PublicKey key) {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublicKey(key)));
        return jwk;
    }

    /** Reads the public key of an RFC 8037 OKP JWK. */
    public static PublicKey fromJwk(Map<String, ?> jwk) {
        if (!"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv")) || !(jwk.get("x") instanceof String x)) {
            throw new IllegalArgumentException("Not an Ed25519 OKP JWK");
        }
        return publicKeyFromRaw(Base64.getUrlDecoder().decode(x));
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
