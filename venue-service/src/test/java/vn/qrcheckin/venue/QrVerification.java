package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Verifies venue QR content the way an app would, written from the token format description rather than
 * with the service's codec: fetch the published JWK set, cut the token from the URL, check the Ed25519
 * signature over the payload with the JDK, read the claims.
 */
final class QrVerification {

    record Claims(long venueId, String communeCode, String keyId) {
    }

    private QrVerification() {
    }

    static Claims verifyWithPublishedKeys(String qrContent) {
        String token = qrContent.substring(qrContent.lastIndexOf("/q/") + 3);
        byte[] all = Base64.getUrlDecoder().decode(token);
        byte[] payload = Arrays.copyOf(all, all.length - 64);
        byte[] signature = Arrays.copyOfRange(all, all.length - 64, all.length);
        ByteBuffer buf = ByteBuffer.wrap(payload);
        if (buf.get() != 1) {
            throw new AssertionError("token version");
        }
        long venueId = buf.getLong();
        byte[] commune = new byte[buf.get()];
        buf.get(commune);
        byte[] kid = new byte[buf.get()];
        buf.get(kid);
        String keyId = new String(kid, StandardCharsets.US_ASCII);
        List<Map<String, String>> keys = given().get("/api/v1/qr-keys").then().statusCode(200).extract().jsonPath().getList("keys");
        Map<String, String> jwk = keys.stream().filter(k -> keyId.equals(k.get("kid"))).findFirst()
                .orElseThrow(() -> new AssertionError("key " + keyId + " is not published"));
        try {
            byte[] raw = Base64.getUrlDecoder().decode(jwk.get("x"));
            byte[] der = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
            PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(pub);
            verifier.update(payload);
            if (!verifier.verify(signature)) {
                throw new AssertionError("signature does not verify");
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return new Claims(venueId, new String(commune, StandardCharsets.US_ASCII), keyId);
    }
}
