package vn.qrcheckin.contracts.qr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.qrcheckin.contracts.qr.InvalidQrTokenException.Reason;

/**
 * The text inside a venue QR: {@code https://<public-host>/q/<token>}, so a plain phone camera opens the
 * web check-in page and an app can cut the token out.
 */
public final class QrContent {

    private static final Pattern URL = Pattern.compile("^https?://[^/\\s]+/q/([A-Za-z0-9_-]+)/?$");
    private static final Pattern BARE = Pattern.compile("^[A-Za-z0-9_-]+$");

    private QrContent() {
    }

    public static String url(String publicBaseUrl, String token) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return base + "/q/" + token;
    }

    /** The token in scanned content: a check-in URL, or the bare token. */
    public static String extractToken(String content) {
        if (content == null) {
            throw new InvalidQrTokenException(Reason.MALFORMED, "QR content is empty");
        }
        String trimmed = content.trim();
        Matcher m = URL.matcher(trimmed);
        if (m.matches()) {
            return m.group(1);
        }
        if (BARE.matcher(trimmed).matches()) {
            return trimmed;
        }
        throw new InvalidQrTokenException(Reason.MALFORMED, "QR content is not a qrcheckin venue code");
    }
}
