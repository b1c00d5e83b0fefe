package vn.qrcheckin.contracts.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import vn.qrcheckin.contracts.identity.IdType;

/** The hand-written event JSON is what Jackson (as the services configure it) writes and reads back. */
class CheckinEventJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void randomEventsMatchJacksonAndReadBack() throws Exception {
        Random random = new Random(20261122);
        for (int i = 0; i < 5_000; i++) {
            CheckinEvent event = randomEvent(random);
            String mine = event.toJson();
            assertEquals(JACKSON.readTree(JACKSON.writeValueAsString(event)), JACKSON.readTree(mine), mine);
            assertEquals(event, JACKSON.readValue(mine, CheckinEvent.class));
        }
    }

    @Test
    void instantsAreWrittenAsInstantToStringDoes() {
        Random random = new Random(7);
        long min = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = min + (long) (random.nextDouble() * (max - min));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            StringBuilder b = new StringBuilder();
            Json.instant(b, t);
            assertEquals('"' + t.toString() + '"', b.toString());
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999Z", "2024-12-31T23:59:59.000000001Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z"}) {
            StringBuilder b = new StringBuilder();
            Json.instant(b, Instant.parse(edge));
            assertEquals('"' + Instant.parse(edge).toString() + '"', b.toString());
        }
    }

    @Test
    void stringsAreEscaped() throws Exception {
        String nasty = "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 unit\u001f Việt";
        CheckinEvent event = new CheckinEvent(CheckinEvent.SCHEMA, nasty, 1, nasty, null, null, IdType.PHONE, "r", "n", null, null, nasty,
                Direction.IN, Instant.EPOCH, Instant.EPOCH, Channel.WEB, null, false);
        assertEquals(nasty, JACKSON.readTree(event.toJson()).get("id").asText());
        assertEquals(nasty, JACKSON.readTree(event.toJson()).get("phoneRef").asText());
        assertEquals(event, JACKSON.readValue(event.toJson(), CheckinEvent.class));
    }

    @Test
    void theSchemaIsWrittenAndAnEventFromBeforeVersioningReadsAsSchemaZero() throws Exception {
        CheckinEvent now = new CheckinEvent(CheckinEvent.SCHEMA, "abcdefgh", 7, "09541", null, null, IdType.CCCD, "1.ref", "1.n", null,
                "1.p", "1.pr", Direction.IN, Instant.EPOCH, Instant.EPOCH, Channel.VENUE_SCANNER, null, false);
        assertEquals(1, JACKSON.readTree(now.toJson()).get("schema").asInt());
        assertEquals("1.pr", JACKSON.readTree(now.toJson()).get("phoneRef").asText());
        // As an event of the first producers was written: no schema, no phoneRef, key-less values.
        String old = "{\"id\":\"abcdefgh\",\"venueId\":7,\"communeCode\":\"09541\",\"idType\":\"PHONE\",\"personRef\":\"ref\","
                + "\"numberEnc\":\"n\",\"direction\":\"IN\",\"occurredAt\":\"2021-09-01T01:02:03Z\",\"channel\":\"WEB\",\"venueSuspended\":false}";
        CheckinEvent read = JACKSON.readValue(old, CheckinEvent.class);
        assertEquals(0, read.schema());
        assertNull(read.phoneRef());
        assertEquals("ref", read.personRef());
    }

    private static CheckinEvent randomEvent(Random r) {
        Instant occurred = Instant.ofEpochSecond(1_600_000_000L + r.nextInt(200_000_000), r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
        Instant received = Instant.ofEpochMilli(1_600_000_000_000L + (long) (r.nextDouble() * 200_000_000_000L));
        Declaration declaration = r.nextInt(3) == 0 ? null
                : new Declaration(maybe(r), maybe(r), maybe(r), maybe(r), maybe(r));
        return new CheckinEvent(r.nextInt(3) - 1 + CheckinEvent.SCHEMA, "id-" + Long.toHexString(r.nextLong()), r.nextInt(1_000_000_000),
                maybeText(r, "09541"), maybeText(r, "268"), maybeText(r, "01"), pick(r, IdType.values()), maybeText(r, "1.ref_" + r.nextInt()),
                maybeText(r, "AAAA" + r.nextInt()), maybeText(r, "nameEnc-" + r.nextInt()), maybeText(r, "phone+/" + r.nextInt()),
                maybeText(r, "k2.phoneRef\"\\" + r.nextInt()), pick(r, Direction.values()),
                r.nextInt(10) == 0 ? null : occurred, r.nextInt(10) == 0 ? null : received, pick(r, Channel.values()), declaration,
                r.nextBoolean());
    }

    private static Boolean maybe(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> Boolean.TRUE;
            default -> Boolean.FALSE;
        };
    }

    private static String maybeText(Random r, String value) {
        return r.nextInt(5) == 0 ? null : value;
    }

    private static <T> T pick(Random r, T[] values) {
        return r.nextInt(10) == 0 ? null : values[r.nextInt(values.length)];
    }
}
