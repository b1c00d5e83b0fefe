package vn.qrcheckin.contracts.qr;

import vn.qrcheckin.contracts.qr.InvalidQrTokenException.Reason;

/**
 * The text inside a venue QR: {@code https://<public-host>/q/<token>}, so a plain phone camera opens the
 * web check-in page and an app can cut the token out.
 */
public final class QrContent {

    private QrContent() {
    }

    public static String url(String publicBaseUrl, String token) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return base + "/q/" + token;
    }

    /**
     * The token in scanned content: a check-in URL ({@code http(s)://<host without / or spaces>/q/<token>},
     * one trailing slash allowed), or the bare token (A-Z a-z 0-9 _ -). Hand-written rather than the regular
     * expressions it replaced (kept in QrContentTest as the reference): every check-in runs it on a long
     * token, and the regex engine was the largest single cost in a profile of the check-in path.
     */
    public static String extractToken(String content) {
        if (content == null) {
            throw new InvalidQrTokenException(Reason.MALFORMED, "QR content is empty");
        }
        String t = content.trim();
        int host = t.startsWith("https://") ? 8 : t.startsWith("http://") ? 7 : -1;
        if (host > 0) {
            int slash = t.indexOf('/', host);
            if (slash > host && !hasSpace(t, host, slash) && t.startsWith("q/", slash + 1)) {
                int from = slash + 3;
                int to = t.endsWith("/") ? t.length() - 1 : t.length();
                if (to > from && tokenChars(t, from, to)) {
                    return t.substring(from, to);
                }
            }
        } else if (!t.isEmpty() && tokenChars(t, 0, t.length())) {
            return t;
        }
        throw new InvalidQrTokenException(Reason.MALFORMED, "QR content is not a qrcheckin venue code");
    }

    private static boolean tokenChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** White space as a regex's \\s: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean hasSpace(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
