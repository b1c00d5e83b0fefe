package vn.qrcheckin.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.tracing.TestCheckins.P;
import vn.qrcheckin.tracing.messaging.VisitSink;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.tracing.service.VisitPartitions;

/**
 * Visits from check-in events, against real PostgreSQL (and Redis for the stream path): from the stream into
 * visits by the tracing group, redelivery writes nothing twice, late uploads land in their own day, check-outs close
 * the right visit (also when they come first), the default dwell of the venue type, old day partitions dropped.
 */
@QuarkusTest
class VisitSinkTest {

    @Inject
    TestCheckins data;
    @Inject
    VisitSink sink;
    @Inject
    VisitPartitions partitions;
    @Inject
    Pool pool;

    private Row visit(String checkinId) {
        var rows = pool.preparedQuery("SELECT local_day, arrived_at, left_at, ends_at FROM visits WHERE checkin_id = $1").execute(Tuple.of(checkinId))
                .await().indefinitely();
        assertEquals(1, rows.rowCount(), "visits of " + checkinId);
        return rows.iterator().next();
    }

    private long count(String checkinId) {
        return pool.preparedQuery("SELECT count(*) FROM visits WHERE checkin_id = $1").execute(Tuple.of(checkinId)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private void write(StreamEntry... entries) {
        sink.write(List.of(entries)).await().indefinitely();
    }

    @Test
    void checkInsOnTheStreamBecomeVisitsOfTheTracingGroup() {
        long venue = data.venue("Chợ Hà Đông", VenueType.MARKET);
        Instant at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String id = "stream-" + UUID.randomUUID();
        data.append(List.of(data.event(id, P.phone("0912000001", "Nguyễn Văn An"), venue, Direction.IN, at)), List.of(venue));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> count(id) == 1);
        Row v = visit(id);
        assertEquals(at, v.getOffsetDateTime("arrived_at").toInstant());
        // A market's default dwell, from the venue projection: no check-out came.
        assertEquals(at.plus(Duration.ofMinutes(VenueType.MARKET.defaultDwellMinutes())), v.getOffsetDateTime("ends_at").toInstant());
        assertNull(v.getOffsetDateTime("left_at"));
    }

    @Test
    void theSameBatchTwiceIsStoredOnce() {
        long venue = data.venue("Nhà thuốc Minh Châu", VenueType.PHARMACY);
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String a = "dup-a-" + UUID.randomUUID();
        String b = "dup-b-" + UUID.randomUUID();
        StreamEntry ea = data.entry(data.event(a, P.phone("0912000002", "Trần Thị Bình"), venue, Direction.IN, at));
        StreamEntry eb = data.entry(data.event(b, P.cccd("001094012345", "Lê Văn Cường", "0912000003"), venue, Direction.IN, at));
        write(ea, eb);
        write(ea, eb); // redelivered after a crash between commit and acknowledgement
        write(eb);
        assertEquals(1, count(a));
        assertEquals(1, count(b));
    }

    @Test
    void aLateUploadLandsInItsOwnPastDay() {
        long venue = data.venue("Trường THCS Mộ Lao", VenueType.SCHOOL);
        Instant at = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        String id = "late-" + UUID.randomUUID();
        write(data.entry(data.event(id, P.phone("0912000004", "Phạm Thị Dung"), venue, Direction.IN, at)));
        assertEquals(Days.of(at), visit(id).getLocalDate("local_day"));
        assertEquals(at, visit(id).getOffsetDateTime("arrived_at").toInstant());
    }

    @Test
    void aCheckOutClosesThatPersonsLatestVisitThereEvenWhenItComesFirst() {
        long venue = data.venue("Siêu thị BigC", VenueType.SUPERMARKET);
        long other = data.venue("Quán phở 36", VenueType.RESTAURANT_CAFE);
        P an = P.phone("0912000005", "Hoàng Văn Em");
        P binh = P.phone("0912000006", "Vũ Thị Hoa");
        Instant t = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        String earlier = "co-1-" + UUID.randomUUID();
        String latest = "co-2-" + UUID.randomUUID();
        String elsewhere = "co-3-" + UUID.randomUUID();
        String someoneElse = "co-4-" + UUID.randomUUID();
        write(data.entry(data.event(earlier, an, venue, Direction.IN, t)),
                data.entry(data.event(latest, an, venue, Direction.IN, t.plus(Duration.ofHours(2)))),
                data.entry(data.event(elsewhere, an, other, Direction.IN, t.plus(Duration.ofHours(2)))),
                data.entry(data.event(someoneElse, binh, venue, Direction.IN, t.plus(Duration.ofHours(2)))));
        Instant out = t.plus(Duration.ofMinutes(150));
        StreamEntry checkOut = data.entry(data.event("co-out-" + UUID.randomUUID(), an, venue, Direction.OUT, out));
        write(checkOut);
        write(checkOut); // again: the same visit, unchanged
        assertEquals(out, visit(latest).getOffsetDateTime("left_at").toInstant());
        assertEquals(out, visit(latest).getOffsetDateTime("ends_at").toInstant());
        assertNull(visit(earlier).getOffsetDateTime("left_at"));
        assertNull(visit(elsewhere).getOffsetDateTime("left_at"));
        assertNull(visit(someoneElse).getOffsetDateTime("left_at"));

        // An offline app uploads the check-out before the check-in: applied when the check-in arrives.
        Instant in = t.plus(Duration.ofHours(3));
        Instant gone = in.plus(Duration.ofMinutes(40));
        String late = "co-5-" + UUID.randomUUID();
        write(data.entry(data.event("co-out2-" + UUID.randomUUID(), binh, other, Direction.OUT, gone)));
        write(data.entry(data.event(late, binh, other, Direction.IN, in)));
        assertEquals(gone, visit(late).getOffsetDateTime("left_at").toInstant());
    }

    @Test
    void checkOutsOfOneBatchApplyInStreamOrderAndAcrossLocalMidnight() {
        long venue = data.venue("Bệnh viện Thanh Nhàn", VenueType.HOSPITAL_CLINIC);
        P chi = P.phone("0912000007", "Đỗ Thị Chi");
        // 21:50 local two days ago: the second visit, from 23:50, runs past local midnight (17:00 UTC).
        Instant t = Days.of(Instant.now().minus(Duration.ofDays(2))).atTime(21, 50).atZone(Days.VIETNAM).toInstant();
        String first = "ord-1-" + UUID.randomUUID();
        String second = "ord-2-" + UUID.randomUUID();
        write(data.entry(data.event(first, chi, venue, Direction.IN, t)),
                data.entry(data.event(second, chi, venue, Direction.IN, t.plus(Duration.ofHours(2)))));
        Instant outFirst = t.plus(Duration.ofMinutes(30));
        Instant again = t.plus(Duration.ofMinutes(40)); // the first visit is closed by then: kept, changes nothing
        Instant outSecond = t.plus(Duration.ofMinutes(150)); // 00:20 local, the next day
        write(data.entry(data.event("ord-o1-" + UUID.randomUUID(), chi, venue, Direction.OUT, outFirst)),
                data.entry(data.event("ord-o2-" + UUID.randomUUID(), chi, venue, Direction.OUT, again)),
                data.entry(data.event("ord-o3-" + UUID.randomUUID(), chi, venue, Direction.OUT, outSecond)));
        assertEquals(outFirst, visit(first).getOffsetDateTime("left_at").toInstant());
        assertEquals(outSecond, visit(second).getOffsetDateTime("left_at").toInstant());
        assertEquals(Days.of(outSecond).minusDays(1), visit(second).getLocalDate("local_day"), "the visit began the day before its check-out");
    }

    @Test
    void dayPartitionsPastTheRetentionAreDroppedWhole() {
        long venue = data.venue("Bến xe Yên Nghĩa", VenueType.BUS_RAIL_STATION);
        Instant at = Instant.now().minus(Duration.ofDays(10));
        String id = "old-" + UUID.randomUUID();
        write(data.entry(data.event(id, P.phone("0912000007", "Đỗ Văn Giang"), venue, Direction.IN, at)));
        assertEquals(1, count(id));
        LocalDate day = Days.of(at);
        // 15 days later that day is past the 21-day retention: its partition goes, with every row in it.
        int dropped = partitions.maintain(Days.of(Instant.now()).plusDays(15)).await().indefinitely();
        assertTrue(dropped >= 1);
        assertEquals(0, count(id));
        assertNull(pool.preparedQuery("SELECT to_regclass($1)::text").execute(Tuple.of("visits_" + day.toString().replace("-", "")))
                .await().indefinitely().iterator().next().getString(0));
        partitions.maintain(Days.of(Instant.now())).await().indefinitely(); // today's window again, for the other tests
    }
}
