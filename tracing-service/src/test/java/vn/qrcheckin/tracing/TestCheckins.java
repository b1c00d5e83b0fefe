package vn.qrcheckin.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.identity.FieldCipher;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.identity.PersonIds;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.streams.venues.VenueFollower;

/**
 * Check-in events as checkin-service writes them (the same keys as the test profile: real pseudonyms and
 * ciphertexts), venues announced on the venue stream, and entries for the sink. Shared by the tracing tests.
 */
@ApplicationScoped
public class TestCheckins {

    private static final AtomicLong VENUES = new AtomicLong(5_000_000 + System.nanoTime() % 1_000_000 * 10);

    /** A person as a test describes them. */
    public record P(IdType type, String number, String name, String phone) {

        public static P phone(String number, String name) {
            return new P(IdType.PHONE, number, name, number);
        }

        public static P cccd(String number, String name, String phone) {
            return new P(IdType.CCCD, number, name, phone);
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    VenueFollower venues;
    @ConfigProperty(name = "qrcheckin.redis.key-prefix")
    String prefix;
    @ConfigProperty(name = "qrcheckin.identity.pseudonym-key")
    String pseudonymKey;
    @ConfigProperty(name = "qrcheckin.identity.field-key")
    String fieldKey;

    public String prefix() {
        return prefix;
    }

    private PersonIds ids() {
        return new PersonIds("1", Map.of("1", Base64.getDecoder().decode(pseudonymKey)));
    }

    private FieldCipher cipher() {
        return new FieldCipher("1", Map.of("1", Base64.getDecoder().decode(fieldKey)));
    }

    /** The person's key for tracing (contact phone pseudonym, else identity pseudonym), as the service computes it. */
    public String key(P p) {
        PersonIds ids = ids();
        return p.phone() != null ? ids.pseudonym(IdType.PHONE, PersonIds.normalise(IdType.PHONE, p.phone()).orElseThrow())
                : ids.pseudonym(p.type(), PersonIds.normalise(p.type(), p.number()).orElseThrow());
    }

    /** A new venue of this type, announced as venue-service would, once the projection has it. */
    public long venue(String name, VenueType type) {
        long id = VENUES.incrementAndGet();
        try {
            redis.stream(String.class).xadd(StreamNames.venueEvents(prefix), Map.of(StreamNames.EVENT_FIELD, json.writeValueAsString(
                    new VenueEvent(id, VenueEvent.Type.CREATED, id, name, type, type.defaultDwellMinutes(), "00004", "001", "01", "ACTIVE", "owner",
                            Instant.now(), 1, VenueEvent.SCHEMA))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> venues.find(id).isPresent());
        return id;
    }

    /** The event JSON of a check-in (IN or OUT) of {@code p} at {@code venueId} at {@code at}. */
    public String event(String id, P p, long venueId, Direction direction, Instant at) {
        PersonIds ids = ids();
        FieldCipher cipher = cipher();
        String number = PersonIds.normalise(p.type(), p.number()).orElseThrow();
        String phone = p.phone() == null ? null : PersonIds.normalise(IdType.PHONE, p.phone()).orElseThrow();
        CheckinEvent e = new CheckinEvent(CheckinEvent.SCHEMA, id, venueId, "00004", "001", "01", p.type(), ids.pseudonym(p.type(), number),
                cipher.encrypt(number, "number"), p.name() == null ? null : cipher.encrypt(p.name(), "name"),
                phone == null ? null : cipher.encrypt(phone, "phone"), phone == null ? null : ids.pseudonym(IdType.PHONE, phone), direction, at,
                at.plusSeconds(1), Channel.PC_COVID, null, false);
        return e.toJson();
    }

    public StreamEntry entry(String event) {
        return new StreamEntry(0, "0-" + UUID.randomUUID().getMostSignificantBits(), event, false);
    }

    /** Appends events to the check-in stream of each venue's partition, as checkin-service does. */
    public void append(List<String> events, List<Long> venueIds) {
        for (int i = 0; i < events.size(); i++) {
            redis.stream(String.class).xadd(StreamNames.checkins(prefix, StreamNames.partitionOf(venueIds.get(i))),
                    Map.of(StreamNames.EVENT_FIELD, events.get(i)));
        }
    }
}
