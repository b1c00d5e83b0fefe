package vn.qrcheckin.web;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly, so that a client's mistake is a 400 naming the field instead of a value
 * silently dropped, guessed or misread:
 * <ul>
 * <li>a repeated key is refused: a body that two parsers read differently (a proxy takes the first value, the
 * service the last) is a known way past a check at the edge;</li>
 * <li>an unknown field is refused (five vendors' apps will send typos; they must hear about them). Stream
 * events tolerate newer fields through their own annotation, not through this mapper;</li>
 * <li>no coercion between JSON types: {@code 5} is not the enum constant at position 5, nor the string
 * {@code "5"}; {@code "5"} is not a number, {@code 1.5} not a whole number, {@code ""} not null;</li>
 * <li>nothing may follow the JSON value.</li>
 * </ul>
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Last, after Quarkus has registered its modules: the strict Instant reader must replace java.time's. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // WRAP_EXCEPTIONS is Jackson's default, stated because JsonErrors needs it: it gives an overflowing number
        // the path of its field ("fineVnd: is out of range" rather than "the body is not valid JSON").
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.WRAP_EXCEPTIONS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (CoercionInputShape shape : new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Enum).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // java.time's Instant reader takes numbers as epoch seconds whatever the coercion settings: 5 is not a date.
        mapper.registerModule(new SimpleModule("qrcheckin-strict-instant").addDeserializer(Instant.class, new StrictInstant()));
    }

    /** An instant only from an ISO-8601 string. */
    static final class StrictInstant extends StdScalarDeserializer<Instant> {

        StrictInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING) || p.getText().trim().isEmpty()) { // java.time trims control characters too
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "an ISO-8601 date-time string is required");
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }
}
