package vn.qrcheckin.contracts.checkin;

/** Where a check-in came from. Apps' channel is taken from their OAuth2 client, never from the body. */
public enum Channel {
    PC_COVID,
    BLUEZONE,
    NCOVI,
    VHD,
    VNEID,
    /** The web page a plain phone camera opens from the poster. */
    WEB,
    /** A venue's device scanning a citizen's ID card, insurance card or personal QR. */
    VENUE_SCANNER,
    /** A paper logbook row typed in by the venue or an operator. */
    LOGBOOK
}
