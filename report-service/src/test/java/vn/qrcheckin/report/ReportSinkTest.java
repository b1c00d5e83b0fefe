package vn.qrcheckin.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.report.ReportData.Scan;
import vn.qrcheckin.report.messaging.ReportSink;
import vn.qrcheckin.report.repository.AreaDays;
import vn.qrcheckin.report.repository.CountRepository;
import vn.qrcheckin.report.service.ReportPartitions;
import vn.qrcheckin.streams.consumer.StreamEntry;

/**
 * The report group's sink against real PostgreSQL (and Redis for the stream path): check-ins on the stream are
 * counted by the service's own member; a batch written twice, or its entries again in other batches, counts
 * nothing twice; check-outs are not scans; a check-in past the id retention is not counted; old day partitions go.
 * Each test counts in its own commune-day, so the others' check-ins do not matter.
 */
@QuarkusTest
class ReportSinkTest {

    @Inject
    ReportData data;
    @Inject
    ReportSink sink;
    @Inject
    ReportPartitions partitions;
    @Inject
    CountRepository counts;

    private long scans(String area, LocalDate day) {
        return data.count("SELECT coalesce(sum(scans), 0)::bigint FROM area_days WHERE area_code = $1 AND local_day = $2", area, day);
    }

    private long people(String area, LocalDate day) {
        return data.count("SELECT coalesce(sum(people), 0)::bigint FROM area_days WHERE area_code = $1 AND local_day = $2", area, day);
    }

    private static Scan at(long venue, String commune, String person, Instant when, Direction direction) {
        return new Scan(ReportData.newId("sink"), venue, commune, null, null, person, direction, when, null);
    }

    @Test
    void checkInsOnTheStreamAreCountedByTheReportGroup() {
        long venue = ReportData.newVenueId();
        Instant when = Instant.now().minus(Duration.ofDays(2));
        LocalDate day = Days.of(when);
        String commune = "00004"; // Trúc Bạch
        long before = scans(commune, day);
        data.append(data.prefix(), List.of(at(venue, commune, "p-stream-1", when, Direction.IN), at(venue, commune, "p-stream-2", when, Direction.IN)));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> scans(commune, day) == before + 2);
    }

    @Test
    void twoBatchesHoldingTheSamePeopleInOppositeOrdersWaitInsteadOfDeadlocking() throws Exception {
        // One person checks in at venues of two partitions, whose batches are written at the same time.
        LocalDate day = Days.of(Instant.now().minus(Duration.ofDays(4)));
        String an = "p-order-an-" + ReportData.newId("x");
        String binh = "p-order-binh-" + ReportData.newId("x");
        CountRepository.PersonDay anHere = new CountRepository.PersonDay(day, "00007", an);
        CountRepository.PersonDay binhHere = new CountRepository.PersonDay(day, "00007", binh);
        SqlConnection first = counts.pool().getConnection().await().indefinitely();
        SqlConnection second = counts.pool().getConnection().await().indefinitely();
        try {
            first.query("BEGIN").execute().await().indefinitely();
            second.query("BEGIN").execute().await().indefinitely();
            counts.people(first, List.of(anHere)).await().indefinitely(); // the first batch holds An
            // The second batch's people in the other order: Bình, then An (waits for the first batch on An) ...
            CompletableFuture<List<AreaDays.Key>> waiting = counts.people(second, List.of(binhHere, anHere)).subscribeAsCompletionStage();
            Thread.sleep(300);
            org.junit.jupiter.api.Assertions.assertFalse(waiting.isDone(), "the second batch waits for the first on An");
            // ... and the first batch goes on to Bình: had the second taken Bình before waiting on An, this is a deadlock.
            assertEquals(1, counts.people(first, List.of(binhHere)).await().atMost(Duration.ofSeconds(10)).size());
            first.query("COMMIT").execute().await().indefinitely();
            assertEquals(List.of(), waiting.get(10, TimeUnit.SECONDS), "both were new in the first batch: nothing new in the second");
            second.query("COMMIT").execute().await().indefinitely();
        } finally {
            first.close().await().indefinitely();
            second.close().await().indefinitely();
        }
    }

    @Test
    void aBatchWrittenTwiceAndItsEntriesAgainCountOnce() {
        long venue = ReportData.newVenueId();
        Instant when = Instant.now().minus(Duration.ofDays(3));
        LocalDate day = Days.of(when);
        String commune = "00006"; // Vĩnh Phúc
        long scansBefore = scans(commune, day);
        long peopleBefore = people(commune, day);
        List<Scan> scans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            scans.add(at(venue, commune, "p-twice-" + (i % 7), when.plusSeconds(i), Direction.IN));
        }
        List<StreamEntry> batch = scans.stream().map(ReportData::entry).toList();
        sink.write(batch).await().indefinitely();
        sink.write(batch).await().indefinitely(); // redelivered after a crash between commit and acknowledgement
        sink.write(batch.subList(5, 12)).await().indefinitely(); // claimed entries, in another batch
        assertEquals(scansBefore + 20, scans(commune, day));
        assertEquals(peopleBefore + 7, people(commune, day));
        assertEquals(20, data.count("SELECT count(*) FROM counted_checkins WHERE checkin_id = ANY($1)",
                (Object) scans.stream().map(Scan::id).toArray(String[]::new)));
    }

    @Test
    void checkOutsAndCheckInsPastTheRetentionCountNothing() {
        long venue = ReportData.newVenueId();
        String commune = "00007"; // Cống Vị
        Instant recent = Instant.now().minus(Duration.ofDays(1));
        Instant old = Instant.now().minus(Duration.ofDays(40));
        long recentBefore = scans(commune, Days.of(recent));
        sink.write(List.of(ReportData.entry(at(venue, commune, "p-out", recent, Direction.OUT)),
                ReportData.entry(at(venue, commune, "p-old", old, Direction.IN)))).await().indefinitely();
        assertEquals(recentBefore, scans(commune, Days.of(recent)));
        assertEquals(0, scans(commune, Days.of(old)));
    }

    @Test
    void dayPartitionsPastTheRetentionAreDroppedWhole() {
        long venue = ReportData.newVenueId();
        Instant when = Instant.now().minus(Duration.ofDays(20));
        Scan s = at(venue, "00008", "p-partition", when, Direction.IN);
        sink.write(List.of(ReportData.entry(s))).await().indefinitely();
        assertEquals(1, data.count("SELECT count(*) FROM counted_checkins WHERE checkin_id = $1", s.id()));
        // 20 days later that day is past the 35-day retention: its partitions go with their rows; the roll-up stays.
        int dropped = partitions.maintain(Days.today().plusDays(20)).await().indefinitely();
        org.junit.jupiter.api.Assertions.assertTrue(dropped >= 3, "dropped " + dropped);
        assertEquals(0, data.count("SELECT count(*) FROM counted_checkins WHERE checkin_id = $1", s.id()));
        org.junit.jupiter.api.Assertions.assertTrue(scans("00008", Days.of(when)) >= 1, "the roll-up of that day stays");
        partitions.maintain(Days.today()).await().indefinitely(); // today's window again, for the other tests
    }
}
