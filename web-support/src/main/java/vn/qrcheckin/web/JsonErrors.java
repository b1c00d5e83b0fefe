package vn.qrcheckin.web;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns Jackson's failures into the field a client sent and what is wrong with it, in the client's words
 * ({@code items[2].person.idType}, "must be one of ..."), never Jackson's message (it names Java classes).
 */
final class JsonErrors {

    private static final String DUPLICATE = "Duplicate field '";

    private JsonErrors() {
    }

    static FieldError describe(JsonProcessingException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith(DUPLICATE)) {
            return duplicate(e);
        }
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            if (e instanceof MismatchedInputException) {
                return new FieldError("body", "must be a JSON object of the documented shape");
            }
            return new FieldError("body", "is not valid JSON");
        }
        String field = path(m);
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(field, "is not a known field" + known(u.getKnownPropertyIds()));
        }
        if (e instanceof InvalidNullException) {
            return new FieldError(field, "must not be null (leave the field out instead)");
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            Class<?> type = f.getTargetType();
            if (type.isEnum()) {
                return new FieldError(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", ")));
            }
            if (Temporal.class.isAssignableFrom(type)) {
                return new FieldError(field, "must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:30:00+07:00");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputCoercionException c) {
                return new FieldError(field, "is out of range" + (c.getTargetType() == null ? "" : " for a " + kind(c.getTargetType())));
            }
        }
        return new FieldError(field, "has the wrong type");
    }

    private static FieldError duplicate(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        int end = msg.indexOf('\'', DUPLICATE.length());
        String name = end < 0 ? "?" : msg.substring(DUPLICATE.length(), end);
        String parent = "";
        if (e.getProcessor() instanceof JsonParser p) {
            parent = pointerPath(p.getParsingContext());
        }
        return new FieldError(parent.isEmpty() ? name : parent + "." + name, "appears more than once");
    }

    /** The path of the object that holds the current field, as the client wrote it: {@code items[0].person}. */
    private static String pointerPath(JsonStreamContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (JsonStreamContext c = ctx; c != null && c.getParent() != null; c = c.getParent()) {
            JsonStreamContext parent = c.getParent();
            if (parent.inArray()) {
                sb.insert(0, "[" + parent.getCurrentIndex() + "]");
            } else if (parent.inObject() && parent.getCurrentName() != null) {
                sb.insert(0, "." + parent.getCurrentName());
            }
        }
        return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }

    private static String kind(Class<?> type) {
        return type == Integer.TYPE || type == Integer.class ? "32-bit whole number"
                : type == Long.TYPE || type == Long.class ? "64-bit whole number" : "number";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return " (known: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
