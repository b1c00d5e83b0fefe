package vn.qrcheckin.contracts.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.qrcheckin.contracts.qr.InvalidQrTokenException.Reason;

class QrTokenTest {

    private final KeyPair key = Ed25519Keys.generate();
    private final KeyPair otherKey = Ed25519Keys.generate();

    @Test
    void signedTokenVerifiesAndRoundTrips() {
        QrToken claims = new QrToken(123456789L, "09541", "k2026a");
        String token = QrTokenCodec.sign(claims, key.getPrivate());
        assertEquals(claims, QrTokenCodec.verify(token, kid -> "k2026a".equals(kid) ? key.getPublic() : null));
        assertTrue(token.length() < 130, "token stays short enough for a readable poster code: " + token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), "URL-safe");
    }

    @Test
    void signatureIsDeterministicSoPrintedCodesStayValid() {
        QrToken claims = new QrToken(7, "00001", "k1");
        assertEquals(QrTokenCodec.sign(claims, key.getPrivate()), QrTokenCodec.sign(claims, key.getPrivate()));
    }

    @Test
    void everySingleBitFlipIsRejected() {
        String token = QrTokenCodec.sign(new QrToken(42, "00004", "k1"), key.getPrivate());
        byte[] raw = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            InvalidQrTokenException e = assertThrows(InvalidQrTokenException.class,
                    () -> QrTokenCodec.verify(forged, kid -> key.getPublic()), "byte " + i);
            assertTrue(e.reason() == Reason.BAD_SIGNATURE || e.reason() == Reason.MALFORMED);
        }
    }

    @Test
    void tokenSignedByAnotherKeyIsRejected() {
        String forged = QrTokenCodec.sign(new QrToken(42, "00004", "k1"), otherKey.getPrivate());
        InvalidQrTokenException e = assertThrows(InvalidQrTokenException.class,
                () -> QrTokenCodec.verify(forged, kid -> key.getPublic()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void unknownKeyIdIsRejected() {
        String token = QrTokenCodec.sign(new QrToken(42, "00004", "retired"), key.getPrivate());
        InvalidQrTokenException e = assertThrows(InvalidQrTokenException.class, () -> QrTokenCodec.verify(token, kid -> null));
        assertEquals(Reason.UNKNOWN_KEY, e.reason());
    }

    @Test
    void garbageIsMalformed() {
        for (String bad : new String[] { "", "not a token!", "AAAA", "x".repeat(600) }) {
            InvalidQrTokenException e = assertThrows(InvalidQrTokenException.class,
                    () -> QrTokenCodec.verify(bad, kid -> key.getPublic()), bad);
            assertEquals(Reason.MALFORMED, e.reason());
        }
    }

    @Test
    void jwkRoundTripVerifies() {
        Map<String, String> jwk = Ed25519Keys.toJwk("k1", key.getPublic());
        assertEquals("OKP", jwk.get("kty"));
        assertEquals("Ed25519", jwk.get("crv"));
        assertEquals(43, jwk.get("x").length(), "32 bytes base64url");
        PublicKey back = Ed25519Keys.fromJwk(jwk);
        String token = QrTokenCodec.sign(new QrToken(5, "00001", "k1"), key.getPrivate());
        assertEquals(5, QrTokenCodec.verify(token, kid -> back).venueId());
    }

    @Test
    void contentUrlCarriesTheToken() {
        String token = QrTokenCodec.sign(new QrToken(5, "00001", "k1"), key.getPrivate());
        String url = QrContent.url("https://qr.example.vn/", token);
        assertEquals("https://qr.example.vn/q/" + token, url);
        assertEquals(token, QrContent.extractToken(url));
        assertEquals(token, QrContent.extractToken(token));
        assertThrows(InvalidQrTokenException.class, () -> QrContent.extractToken("https://evil.example/x/" + token));
    }

    @Test
    void signaturesAreStandardEd25519ThatTheJdkVerifies() throws Exception {
        String token = QrTokenCodec.sign(new QrToken(77, "26740", "k9"), key.getPrivate());
        byte[] all = Base64.getUrlDecoder().decode(token);
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(key.getPublic());
        jdk.update(all, 0, all.length - 64);
        assertTrue(jdk.verify(all, all.length - 64, 64));
        // And a JDK-made signature verifies with the codec.
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(all, 0, all.length - 64);
        byte[] sig = signer.sign();
        System.arraycopy(sig, 0, all, all.length - 64, 64);
        assertEquals(77, QrTokenCodec.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(all), kid -> key.getPublic()).venueId());
    }
}
