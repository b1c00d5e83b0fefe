package vn.qrcheckin.contracts.qr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import vn.qrcheckin.contracts.qr.InvalidQrTokenException.Reason;

/**
 * Encodes and verifies venue QR tokens.
 *
 * <p>A token is the base64url (unpadded) form of {@code payload || signature}, where the payload is
 * {@code version(1) | venueId(8, big endian) | len(1) commune code (ASCII) | len(1) key id (ASCII)} and the
 * signature is the 64-byte Ed25519 signature of the payload. Binary keeps the QR small (about 120
 * characters), so a poster code stays readable from a distance; Ed25519 lets an app verify offline with
 * the published key. Ed25519 signatures are deterministic, so a venue's token never changes for one key.
 * The signatures are standard RFC 8032 ones, made with Bouncy Castle's implementation for speed; any
 * Ed25519 verifier (the JDK's, an app's) accepts them.
 */
public final class QrTokenCodec {

    public static final byte VERSION = 1;
    private static final int SIGNATURE_LENGTH = 64;
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final Pattern CODE = Pattern.compile("[0-9]{1,10}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private QrTokenCodec() {
    }

    public static String sign(QrToken token, PrivateKey key) {
        if (!CODE.matcher(token.communeCode()).matches()) {
            throw new IllegalArgumentException("commune code must be 1-10 digits");
        }
        if (!KEY_ID.matcher(token.keyId()).matches()) {
            throw new IllegalArgumentException("key id must be 1-32 characters of [A-Za-z0-9_-]");
        }
        byte[] payload = payload(token);
        byte[] all = new byte[payload.length + SIGNATURE_LENGTH];
        System.arraycopy(payload, 0, all, 0, payload.length);
        Ed25519.sign(Ed25519Keys.rawPrivateKey(key), 0, payload, 0, payload.length, all, payload.length);
        return ENCODER.encodeToString(all);
    }

    /**
     * Verifies a token and returns what it asserts.
     *
     * @param keys the public key for a key id, or null when the id is unknown
     * @throws InvalidQrTokenException when the token is malformed, its key unknown or its signature wrong
     */
    public static QrToken verify(String token, Function<String, PublicKey> keys) {
        byte[] all = decode(token);
        QrToken parsed = parsePayload(all);
        PublicKey key = keys.apply(parsed.keyId());
        if (key == null) {
            throw new InvalidQrTokenException(Reason.UNKNOWN_KEY, "QR token signed with unknown key id " + parsed.keyId());
        }
        int payloadLength = all.length - SIGNATURE_LENGTH;
        if (!Ed25519.verify(all, payloadLength, Ed25519Keys.rawPublicKey(key), 0, all, 0, payloadLength)) {
            throw new InvalidQrTokenException(Reason.BAD_SIGNATURE, "QR token signature does not verify");
        }
        return parsed;
    }

    /** Reads the claims without verifying them: only to pick the key id before {@link #verify}. */
    public static QrToken parseUnverified(String token) {
        return parsePayload(decode(token));
    }

    private static byte[] payload(QrToken token) {
        byte[] commune = token.communeCode().getBytes(StandardCharsets.US_ASCII);
        byte[] kid = token.keyId().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(11 + commune.length + kid.length);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(token.venueId()).array());
        out.write(commune.length);
        out.writeBytes(commune);
        out.write(kid.length);
        out.writeBytes(kid);
        return out.toByteArray();
    }

    private static byte[] decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidQrTokenException(Reason.MALFORMED, "QR token is empty or too long");
        }
        try {
            return DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidQrTokenException(Reason.MALFORMED, "QR token is not base64url");
        }
    }

    private static QrToken parsePayload(byte[] all) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(all, 0, all.length - SIGNATURE_LENGTH);
            if (all.length < 1 + Long.BYTES + 2 + SIGNATURE_LENGTH || buf.get() != VERSION) {
                throw malformed();
            }
            long venueId = buf.getLong();
            String commune = ascii(buf, buf.get());
            String kid = ascii(buf, buf.get());
            if (buf.hasRemaining() || venueId <= 0 || !CODE.matcher(commune).matches() || !KEY_ID.matcher(kid).matches()) {
                throw malformed();
            }
            return new QrToken(venueId, commune, kid);
        } catch (RuntimeException e) {
            if (e instanceof InvalidQrTokenException invalid) {
                throw invalid;
            }
            throw malformed();
        }
    }

    private static String ascii(ByteBuffer buf, int length) {
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static InvalidQrTokenException malformed() {
        return new InvalidQrTokenException(Reason.MALFORMED, "QR token is not a qrcheckin venue token");
    }
}
