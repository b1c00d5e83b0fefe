package vn.qrcheckin.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer of a staff web page (the dashboard, the tracers' and inspectors' screens): its own scripts, styles and
 * API calls only, nothing inline, never framed, never cached (it names the official and their area), no referrer.
 */
public final class StaffPages {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private StaffPages() {
    }

    public static Response html(String page) {
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }
}
