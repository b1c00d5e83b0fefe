package vn.qrcheckin.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.streams.consumer.StreamEntry;

/**
 * Check-in and venue events as the producers write them, for the report tests: the fields report reads (area codes,
 * person pseudonym, direction, time, declaration); ciphertexts are opaque here. Shared by every report test.
 */
@ApplicationScoped
public class ReportData {

    /** Hà Nội, its district Hà Đông and the commune Mộ Lao; Hồ Chí Minh City and its District 1 (Bến Nghé). */
    public static final String HA_NOI = "01";
    public static final String HA_DONG = "268";
    public static final String MO_LAO = "09541";
    public static final String HCM = "79";
    public static final String DISTRICT_1 = "760";
    public static final String BEN_NGHE = "26740";

    private static final AtomicLong VENUES = new AtomicLong(7_000_000 + System.nanoTime() % 1_000_000 * 10);

    /** A check-in as a test describes it. */
    public record Scan(String id, long venueId, String commune, String district, String province, String person, Direction direction,
            Instant at, Declaration declaration) {
    }

    @Inject
    RedisDataSource redis;
    @Inject
    Pool pool;
    @ConfigProperty(name = "qrcheckin.streams.key-prefix")
    String prefix;

    public String prefix() {
        return prefix;
    }

    public static long newVenueId() {
        return VENUES.incrementAndGet();
    }

    public static String newId(String label) {
        return label + "-" + UUID.randomUUID();
    }

    public static Declaration declaration(boolean fever, boolean cough, boolean breathing) {
        return new Declaration(fever, cough, breathing, false, false);
    }

    /** The event JSON checkin-service appends for a scan. */
    public static String event(Scan s) {
        return new CheckinEvent(CheckinEvent.SCHEMA, s.id(), s.venueId(), s.commune(), s.district(), s.province(), IdType.PHONE, s.person(),
                "1.number-ciphertext", null, null, null, s.direction(), s.at(), s.at().plusSeconds(1), Channel.PC_COVID, s.declaration(), false)
                .toJson();
    }

    public static StreamEntry entry(Scan s) {
        return new StreamEntry(0, "0-" + UUID.randomUUID().getMostSignificantBits(), event(s), false);
    }

    /** A venue's state as venue-service publishes it (snapshot page or stream event), changed now. */
    public static VenueEvent venue(long id, String commune, String district, String province, Instant registeredAt, boolean suspended,
            boolean nonCompliant, long version) {
        return venue(id, commune, district, province, registeredAt, suspended, nonCompliant, version, Instant.now());
    }

    /** A venue's state as venue-service publishes it, changed at {@code occurredAt}. */
    public static VenueEvent venue(long id, String commune, String district, String province, Instant registeredAt, boolean suspended,
            boolean nonCompliant, long version, Instant occurredAt) {
        return new VenueEvent(version, VenueEvent.Type.UPDATED, id, "Địa điểm " + id, VenueType.SHOP, VenueType.SHOP.defaultDwellMinutes(),
                commune, district, province, suspended ? "SUSPENDED" : "ACTIVE", "owner-" + id, occurredAt, version, VenueEvent.SCHEMA,
                registeredAt, nonCompliant);
    }

    /** Appends scans to the check-in stream of each venue's partition, as checkin-service does. */
    public void append(String streamPrefix, List<Scan> scans) {
        for (Scan s : scans) {
            redis.stream(String.class).xadd(StreamNames.checkins(streamPrefix, StreamNames.partitionOf(s.venueId())),
                    Map.of(StreamNames.EVENT_FIELD, event(s)));
        }
    }

    /** Forgets every count and venue: a test that compares whole-nation figures starts from nothing. */
    public void forgetEverything() {
        pool.query("TRUNCATE counted_checkins, person_days, venue_days, venue_last_scan, area_days, area_status, report_venues")
                .execute().await().indefinitely();
    }

    public long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(io.vertx.mutiny.sqlclient.Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }
}
