package vn.qrcheckin.contracts.qr;

/**
 * What a venue QR token asserts, once its signature is verified: this venue, in this commune, signed with
 * this key.
 */
public record QrToken(long venueId, String communeCode, String keyId) {
}
