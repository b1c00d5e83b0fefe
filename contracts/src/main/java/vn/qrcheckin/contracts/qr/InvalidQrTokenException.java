package vn.qrcheckin.contracts.qr;

/** A QR token that cannot be trusted: malformed, signed with an unknown key, or altered. */
public class InvalidQrTokenException extends RuntimeException {

    public enum Reason {
        MALFORMED,
        UNKNOWN_KEY,
        BAD_SIGNATURE
    }

    private final Reason reason;

    public InvalidQrTokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
