package vn.qrcheckin.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.http.HttpServerRequest;
import vn.qrcheckin.contracts.qr.InvalidQrTokenException;

/**
 * The one place where failures become RFC 9457 problem details ({@code application/problem+json}), with the
 * offending fields named. Unexpected failures answer 500 with no internals and are logged without request
 * bodies (which may hold personal data).
 */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response r = build(e.status(), e.title(), e.getMessage(), uri, e.errors());
        if (e.retryAfterSeconds() != null) {
            r.getHeaders().putSingle("Retry-After", e.retryAfterSeconds().toString());
        }
        return r;
    }

    @ServerExceptionMapper
    public Response invalidToken(InvalidQrTokenException e, UriInfo uri) {
        return build(400, "Invalid QR code", e.getMessage() + " (" + e.reason() + ")", uri, List.of(new FieldError("token", e.getMessage())));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return build(400, "Invalid request", errors.size() + " field(s) are invalid", uri, errors);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        FieldError error = JsonErrors.describe(e);
        return build(400, error.field().equals("body") ? "Malformed JSON" : "Invalid request", error.field() + ": " + error.message(), uri,
                List.of(error));
    }

    /** As specific as Quarkus's own mapper for this type, which would otherwise answer plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return build(401, "Unauthorized", "a valid bearer token is required", uri, List.of());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return build(401, "Unauthorized", "a valid bearer token is required", uri, List.of());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return build(403, "Forbidden", "your role may not do this", uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j, uri);
        }
        int status = e.getResponse().getStatus();
        if (status == 400) {
            return build(400, "Malformed request", "the body could not be read", uri,
                    List.of(new FieldError("body", "is not valid JSON of the expected shape")));
        }
        if (status == 404 || status == 405) {
            // RESTEasy answers 404 when a path's other methods live in another resource class, and its 405
            // names none: RFC 9110 asks for 405 with the methods the path takes.
            String allow = allowedMethods().allowIfNotAllowed(request.path(), request.method().name());
            if (allow != null) {
                Response r = build(405, "Method Not Allowed", request.method().name() + " is not allowed here", uri, List.of());
                r.getHeaders().putSingle("Allow", allow);
                return r;
            }
        }
        return build(status, Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(),
                status == 404 ? "no such resource" : e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response composite(CompositeException e, UriInfo uri) {
        Throwable first = e.getCauses().isEmpty() ? e : e.getCauses().get(0);
        return unwrap(first, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        return unwrap(e, uri);
    }

    private AllowedMethods allowedMethods;

    /** Looked up once: this mapper is made by RESTEasy, not injected with beans. */
    private AllowedMethods allowedMethods() {
        if (allowedMethods == null) {
            allowedMethods = jakarta.enterprise.inject.spi.CDI.current().select(AllowedMethods.class).get();
        }
        return allowedMethods;
    }

    private Response unwrap(Throwable e, UriInfo uri) {
        Throwable t = e;
        while (!(t instanceof ProblemException || t instanceof InvalidQrTokenException || t instanceof JsonProcessingException)
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof ProblemException p) {
            return problem(p, uri);
        }
        if (t instanceof InvalidQrTokenException q) {
            return invalidToken(q, uri);
        }
        if (t instanceof JsonProcessingException j) {
            return json(j, uri);
        }
        if (isOptimisticLockFailure(e)) {
            return build(409, "Conflict", "the resource changed at the same time; retry", uri, List.of());
        }
        LOG.errorf("Unexpected failure on %s: %s", uri.getPath(), e.getClass().getName());
        LOG.debug("cause", e);
        return build(500, "Internal error", "the request could not be completed; it was logged", uri, List.of());
    }

    /** JPA's and Hibernate's optimistic-lock failures, by name: this module does not depend on them. */
    private static boolean isOptimisticLockFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("OptimisticLockException") || name.equals("StaleObjectStateException")) {
                return true;
            }
        }
        return false;
    }

    public static Response build(int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        Problem body = new Problem(URI.create("about:blank"), title, status, detail, uri == null ? null : uri.getPath(),
                new ArrayList<>(errors));
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    private static String leaf(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
