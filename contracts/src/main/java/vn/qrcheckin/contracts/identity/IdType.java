package vn.qrcheckin.contracts.identity;

/** Kinds of personal identifier a check-in can carry. */
public enum IdType {
    /** A Vietnamese phone number, normalised to 0xxxxxxxxx. */
    PHONE,
    /** Chip citizen ID card: 12 digits. */
    CCCD,
    /** Old ID card: 9 digits. */
    CMND,
    /** Health-insurance card number: 2 letters and 13 digits. */
    BHYT,
    /** An app's pseudonymous id for its user. */
    APP
}
