package vn.qrcheckin.checkin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.identity.FieldCipher;
import vn.qrcheckin.contracts.qr.Ed25519Keys;
import vn.qrcheckin.contracts.qr.QrContent;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.contracts.qr.QrTokenCodec;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.testsupport.QrKeysServerResource;

/**
 * Plays venue-service for the tests: signs venue codes with the published test key and appends venue
 * events to the real stream; reads back what check-in appended.
 */
@ApplicationScoped
public class TestVenues {

    public static final String MO_LAO = "09541";
    private static final AtomicLong IDS = new AtomicLong(5000 + (System.nanoTime() % 1000) * 1000);

    @ConfigProperty(name = "test.qrcheckin.qr-private-key")
    String privateKey;

    @ConfigProperty(name = "qrcheckin.redis.key-prefix")
    String prefix;

    @ConfigProperty(name = "qrcheckin.identity.field-key")
    String fieldKey;

    private final int partitions = StreamNames.CHECKIN_PARTITIONS;

    final RedisDataSource redis;
    final ObjectMapper json;
    final VenueFollower directory;

    public TestVenues(RedisDataSource redis, ObjectMapper json, VenueFollower directory) {
        this.redis = redis;
        this.json = json;
        this.directory = directory;
    }

    public long newVenueId() {
        return IDS.incrementAndGet();
    }

    /** The content of a genuine venue code. */
    public String qr(long venueId) {
        return QrContent.url("https://qr.example.gov.vn", QrTokenCodec.sign(new QrToken(venueId, MO_LAO, QrKeysServerResource.KEY_ID),
                Ed25519Keys.privateKeyFromPkcs8(Base64.getDecoder().decode(privateKey))));
    }

    /** Announces a venue as venue-service would, and waits until check-in has seen it. */
    public long publish(long venueId, String name, String status, String owner) {
        // Versions from the clock: a later publish of the same venue is a later version, as venue-service's are.
        VenueEvent e = new VenueEvent(System.nanoTime(), VenueEvent.Type.CREATED, venueId, name, VenueType.SHOP, 20, MO_LAO, "268", "01", status,
                owner, Instant.now(), System.nanoTime(), VenueEvent.SCHEMA);
        try {
            redis.stream(String.class).xadd(StreamNames.venueEvents(prefix), Map.of(StreamNames.EVENT_FIELD, json.writeValueAsString(e)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> directory.find(venueId)
                .map(s -> s.suspended() == "SUSPENDED".equals(status) && s.name().equals(name)).orElse(false));
        return venueId;
    }

    /** Every check-in event appended so far, over all partitions. */
    public List<String> appended() {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (StreamMessage<String, String, String> m : redis.stream(String.class).xrange(StreamNames.checkins(prefix, p),
                    StreamRange.of("-", "+"))) {
                out.add(m.payload().get(StreamNames.EVENT_FIELD));
            }
        }
        return out;
    }

    public List<String> appendedFor(String checkinId) {
        return appended().stream().filter(e -> e.contains("\"id\":\"" + checkinId + "\"")).toList();
    }

    /** Opens an encrypted field of an appended event ("number", "name", "phone") with the shared key, as tracing would. */
    public String opened(String eventJson, String field) {
        try {
            return new FieldCipher(Base64.getDecoder().decode(fieldKey)).decrypt(json.readTree(eventJson).get(field + "Enc").asText(), field);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String prefix() {
        return prefix;
    }
}
