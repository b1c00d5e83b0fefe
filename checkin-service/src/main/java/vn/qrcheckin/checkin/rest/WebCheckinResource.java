package vn.qrcheckin.checkin.rest;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import vn.qrcheckin.checkin.domain.CheckinRequest;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.checkin.service.CheckinService;
import vn.qrcheckin.checkin.service.CheckinService.Source;
import vn.qrcheckin.checkin.service.CheckinService.VenueRule;
import vn.qrcheckin.checkin.service.QrVerifier;
import vn.qrcheckin.checkin.service.RateLimiter;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.streams.venues.VenueProjection;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;

/**
 * The page a plain phone camera opens from the venue poster: Vietnamese, mobile first, a plain HTML form
 * (no JavaScript), and a confirmation the doorkeeper can read at a glance.
 */
@Path("/q/{token}")
@Tag(name = "Web check-in", description = "For citizens without an app")
@PermitAll
public class WebCheckinResource {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** Messages shown beside the form's fields; null where the field is fine. */
    public record FormErrors(String phone, String name) {
        static final FormErrors NONE = new FormErrors(null, null);
    }

    private final QrVerifier verifier;
    private final VenueFollower venues;
    private final CheckinService checkins;
    private final RateLimiter limiter;
    private final Template checkin;
    private final Template done;
    private final Template problem;

    public WebCheckinResource(QrVerifier verifier, VenueFollower venues, CheckinService checkins, RateLimiter limiter, Template checkin,
            Template done, Template problem) {
        this.verifier = verifier;
        this.venues = venues;
        this.checkins = checkins;
        this.limiter = limiter;
        this.checkin = checkin;
        this.done = done;
        this.problem = problem;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The web check-in form of a venue")
    public Uni<Response> form(@PathParam("token") String token) {
        return verifier.verify(token)
                .map(t -> html(200, form(token, t, UUID.randomUUID().toString(), null, null, FormErrors.NONE)))
                .onFailure(WebCheckinResource::badCode).recoverWithItem(e -> invalidCode())
                .onFailure(WebCheckinResource::busy).recoverWithItem(this::tryAgain);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Submit the web check-in form")
    public Uni<Response> submit(@PathParam("token") String token, @FormParam("cid") String cid, @FormParam("phone") String phone,
            @FormParam("name") String name, @FormParam("fever") boolean fever, @FormParam("cough") boolean cough,
            @FormParam("breathing") boolean breathing, @FormParam("contact") boolean contact, @FormParam("travel") boolean travel,
            HttpServerRequest http) {
        if (!limiter.allow(client(http))) {
            // The limiter counts per calendar minute: the count starts again at the next one.
            long retryAfter = 60 - (System.currentTimeMillis() / 1000) % 60;
            Response limited = html(429, problem.data("heading", "Quá nhiều lượt khai báo")
                    .data("message", "Thiết bị này đã gửi quá nhiều khai báo trong một phút. Xin thử lại sau " + retryAfter + " giây."));
            limited.getHeaders().putSingle("Retry-After", Long.toString(retryAfter));
            return Uni.createFrom().item(limited);
        }
        String id = cid == null || cid.isBlank() ? UUID.randomUUID().toString() : cid;
        CheckinRequest request = new CheckinRequest(id, token, null, new Person(IdType.PHONE, phone, name == null || name.isBlank() ? null : name, null), Direction.IN, null,
                new Declaration(fever, cough, breathing, contact, travel));
        return verifier.verify(token).chain(t -> checkins.submit(new Source(Channel.WEB, null, VenueRule.ANY), request)
                .map(a -> html(200, done.data("venueName", venueName(t))
                        .data("time", TIME.format(a.acceptedAt().atZone(VIETNAM)))
                        .data("date", DATE.format(a.acceptedAt().atZone(VIETNAM)))
                        .data("suspended", a.venueSuspended())))
                .onFailure(ProblemException.class).recoverWithItem(e -> {
                    ProblemException p = (ProblemException) e;
                    if (p.status() != 400) {
                        return html(p.status(), problem.data("heading", "Chưa gửi được khai báo").data("message", p.getMessage()));
                    }
                    String phoneError = null;
                    String nameError = null;
                    for (FieldError f : p.errors()) {
                        if (f.field().startsWith("person.number") || f.field().startsWith("person.phone")) {
                            phoneError = "Số điện thoại không hợp lệ (ví dụ 0912 345 678).";
                        } else if (f.field().startsWith("person.name")) {
                            nameError = "Họ tên quá dài hoặc có ký tự không hợp lệ.";
                        }
                    }
                    return html(400, form(token, t, id, phone, name, new FormErrors(phoneError, nameError)));
                }))
                .onFailure(WebCheckinResource::badCode).recoverWithItem(e -> invalidCode())
                .onFailure(WebCheckinResource::busy).recoverWithItem(this::tryAgain);
    }

    /**
     * The client's address: the connection's own, or, when the connection comes from a trusted proxy (the gateway,
     * {@code quarkus.http.proxy.trusted-proxies}), the address it forwarded in X-Forwarded-For. Quarkus has already
     * applied that rule to the request; a forwarded value that is not an IP literal is kept as sent.
     */
    static String client(HttpServerRequest http) {
        SocketAddress address = http.remoteAddress();
        if (address == null) {
            return "unknown";
        }
        return address.hostAddress() != null ? address.hostAddress() : String.valueOf(address.host());
    }

    private static boolean busy(Throwable e) {
        return e instanceof ProblemException p && p.status() == 503;
    }

    /** The code cannot be checked right now (venue-service unreachable, or backpressure): a page that says so. */
    private Response tryAgain(Throwable e) {
        ProblemException p = (ProblemException) e;
        Response r = html(503, problem.data("heading", "Hệ thống đang bận").data("message",
                "Chưa kiểm tra được mã lúc này. Xin đợi vài giây rồi quét lại mã."));
        if (p.retryAfterSeconds() != null) {
            r.getHeaders().putSingle("Retry-After", p.retryAfterSeconds().toString());
        }
        return r;
    }

    /** A code that is not a genuine venue code (a 400 page); anything else is a real failure. */
    private static boolean badCode(Throwable e) {
        return e instanceof vn.qrcheckin.contracts.qr.InvalidQrTokenException
                || (e instanceof ProblemException p && p.errors().stream().anyMatch(f -> f.field().equals("qr")));
    }

    private TemplateInstance form(String token, QrToken t, String cid, String phone, String name, FormErrors errors) {
        return checkin.data("token", token).data("venueName", venueName(t)).data("venueArea", null).data("cid", cid).data("phone", phone)
                .data("name", name).data("errors", errors);
    }

    private String venueName(QrToken t) {
        return venues.find(t.venueId()).map(VenueProjection.VenueState::name).orElse("Địa điểm số " + t.venueId());
    }

    private Response invalidCode() {
        return html(400, problem.data("heading", "Mã QR không hợp lệ")
                .data("message", "Mã này không phải mã QR điểm kiểm soát chính thức, hoặc đã bị sửa đổi. Xin quét lại mã tại cửa."));
    }

    /**
     * The page loads nothing and runs nothing (one inline style sheet, a form posted to itself), and no other
     * site may frame it (a framed check-in form is a way to harvest phone numbers). Referrer-Policy same-origin: the URL
     * (its token) goes to no other site, and the form's post carries the page's own Origin (no-referrer makes a browser
     * send "Origin: null", which the gateway's CORS check refuses).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store").header("Referrer-Policy", "same-origin").build();
    }
}
