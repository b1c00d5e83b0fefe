package vn.qrcheckin.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.report.service.ReportPartitions;

/**
 * Day partition maintenance against real PostgreSQL: creating and dropping take turns on one advisory lock of their
 * own key space (a venue lock of the sink holds neither back), and a partition whose parent is locked by a long
 * query is left for the next run instead of queueing every insert behind it.
 */
@QuarkusTest
class ReportPartitionsTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);

    @Inject
    ReportData data;
    @Inject
    ReportPartitions partitions;
    @Inject
    Pool pool;

    private boolean exists(String table, LocalDate day) {
        return data.count("SELECT count(*) FROM pg_class WHERE relname = $1", part(table, day)) == 1;
    }

    private static String part(String table, LocalDate day) {
        return table + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private int call(String function, Object... params) {
        return pool.preparedQuery("SELECT " + function).execute(Tuple.from(params)).await().atMost(AT_MOST).iterator().next().getInteger(0);
    }

    @Test
    void creatingAndDroppingTakeTurnsOnALockNoVenueLockHolds() {
        LocalDate today = Days.today();
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            other.query("BEGIN").execute().await().indefinitely();
            // Venue locks of the sink (one bigint key): the old one-key maintenance key, and the bigint whose halves are
            // the two keys of the maintenance lock. Maintenance goes on.
            other.query("SELECT pg_advisory_xact_lock(hashtext('report day partitions')), pg_advisory_xact_lock("
                    + "(hashtext('qrcheckin report')::bigint << 32) | (hashtext('day partitions')::bigint & 4294967295))")
                    .execute().await().indefinitely();
            assertEquals(0, call("ensure_day_partitions($1, $2, $3)", "counted_checkins", today, today));
            assertEquals(0, call("drop_day_partitions_before($1, $2)", "counted_checkins", LocalDate.of(2000, 1, 1)));

            // Another instance's run holds the maintenance lock: dropping waits for it too, and gives up after a moment.
            other.query("SELECT pg_advisory_xact_lock(hashtext('qrcheckin report'), hashtext('day partitions'))").execute()
                    .await().indefinitely();
            DatabaseException drop = assertThrows(DatabaseException.class,
                    () -> call("drop_day_partitions_before($1, $2)", "counted_checkins", LocalDate.of(2000, 1, 1)),
                    "dropping waits for the lock");
            assertEquals("55P03", drop.getSqlState(), drop.getMessage());
            DatabaseException make = assertThrows(DatabaseException.class,
                    () -> call("ensure_day_partitions($1, $2, $3)", "counted_checkins", today, today), "creating waits for the lock");
            assertEquals("55P03", make.getSqlState(), make.getMessage());
            other.query("COMMIT").execute().await().indefinitely();
        } finally {
            other.close().await().indefinitely();
        }
    }

    @Test
    void aPartitionBehindALongQueryIsMadeAtTheNextRun() {
        LocalDate today = Days.today();
        LocalDate at = today.plusDays(3); // a run three days on: makes the partitions up to five days ahead
        LocalDate fresh = today.plusDays(5);
        pool.query("DROP TABLE IF EXISTS " + part("counted_checkins", fresh) + ", " + part("person_days", fresh)).execute()
                .await().indefinitely();
        SqlConnection weekly = pool.getConnection().await().indefinitely();
        try {
            // A long report query reads counted_checkins (ACCESS SHARE on the parent until it ends).
            weekly.query("BEGIN").execute().await().indefinitely();
            weekly.preparedQuery("SELECT count(*) FROM counted_checkins WHERE local_day = $1").execute(Tuple.of(today))
                    .await().indefinitely();

            partitions.maintain(at).await().atMost(AT_MOST);
            assertFalse(exists("counted_checkins", fresh), "not made behind the query");
            assertTrue(exists("person_days", fresh), "the other tables' are");

            weekly.query("COMMIT").execute().await().indefinitely();
            partitions.maintain(at).await().atMost(AT_MOST);
            assertTrue(exists("counted_checkins", fresh), "made at the next run");
        } finally {
            weekly.close().await().indefinitely();
            partitions.maintain(today).await().indefinitely(); // today's window again, for the other tests
        }
    }
}
