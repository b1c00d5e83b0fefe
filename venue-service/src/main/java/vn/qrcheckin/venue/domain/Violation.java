package vn.qrcheckin.venue.domain;

/** What an inspection can find wrong. */
public enum Violation {
    /** No QR code displayed. */
    NO_QR,
    /** A QR that is not on the official template. */
    WRONG_TEMPLATE,
    /** Customers are not made to scan. */
    NOT_ENFORCING_SCAN,
    OTHER
}
