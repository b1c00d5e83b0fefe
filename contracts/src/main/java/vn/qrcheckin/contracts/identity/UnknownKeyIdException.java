package vn.qrcheckin.contracts.identity;

/**
 * A ciphertext names a key this process does not hold: a key removed after its data passed retention, or
 * a value from a deployment with other keys. Distinct from an altered ciphertext, which fails authentication.
 */
public class UnknownKeyIdException extends IllegalArgumentException {

    private final String keyId;

    public UnknownKeyIdException(String what, String keyId) {
        super("no " + what + " key with id '" + (keyId.length() > 20 ? keyId.substring(0, 20) + "…" : keyId) + "'");
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
