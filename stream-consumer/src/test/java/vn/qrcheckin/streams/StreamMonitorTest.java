package vn.qrcheckin.streams;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.streams.consumer.StreamMonitor;

/**
 * Trimming against real Redis: a partition keeps exactly the entries its slowest gating group has not
 * acknowledged, a non-gating group is waited for within its bound (50 entries in this profile) and trimmed past
 * beyond it with the span recorded, a gating group that does not exist yet keeps everything; health turns DOWN
 * past the gating bound (40 here). The expected first entry is computed from the ids appended.
 */
@QuarkusTest
class StreamMonitorTest {

    @Inject
    StreamMonitor monitor;
    @Inject
    RedisDataSource redis;
    @ConfigProperty(name = "qrcheckin.streams.key-prefix")
    String runPrefix;

    private String prefix() {
        return runPrefix + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private List<String> append(String key, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(redis.stream(String.class).xadd(key, Map.of(StreamNames.EVENT_FIELD, "{\"n\":" + i + "}")));
        }
        return ids;
    }

    /** The group reads {@code read} entries and acknowledges the first {@code acked} of them. */
    private void consume(String key, String group, int read, int acked) {
        List<StreamMessage<String, String, String>> got = redis.stream(String.class).xreadgroup(group, "c", key, ">",
                new XReadGroupArgs().count(read));
        assertEquals(read, got.size());
        if (acked > 0) {
            redis.stream(String.class).xack(key, group, got.subList(0, acked).stream().map(StreamMessage::id).toArray(String[]::new));
        }
    }

    private void groups(String key, String... names) {
        for (String g : names) {
            redis.execute("XGROUP", "CREATE", key, g, "0", "MKSTREAM");
        }
    }

    private List<String> held(String key) {
        return redis.stream(String.class).xrange(key, StreamRange.of("-", "+")).stream().map(StreamMessage::id).toList();
    }

    private void trim(String prefix) {
        monitor.trim(prefix).await().indefinitely();
    }

    @Test
    void aPartitionKeepsWhatTheGatingGroupHasNotAcknowledgedAndWaitsForReportWithinItsBound() {
        String prefix = prefix();
        String key = StreamNames.checkins(prefix, 0);
        List<String> ids = append(key, 100);
        groups(key, "tracing", "report");
        consume(key, "tracing", 100, 60); // tracing still needs ids[60..99]
        consume(key, "report", 100, 80);
        trim(prefix);
        assertEquals(ids.subList(60, 100), held(key));

        // tracing done; report 20 behind, within its bound of 50: kept for report.
        redis.stream(String.class).xack(key, "tracing", ids.subList(60, 100).toArray(String[]::new));
        trim(prefix);
        assertEquals(ids.subList(80, 100), held(key));

        redis.stream(String.class).xack(key, "report", ids.subList(80, 100).toArray(String[]::new));
        trim(prefix);
        assertEquals(List.of(), held(key));
        assertTrue(!redis.key().exists(StreamNames.gaps(prefix)), "nothing was trimmed past a group");
    }

    @Test
    void aStalledReportGroupBeyondItsBoundIsTrimmedPastAndTheSpanRecorded() {
        String prefix = prefix();
        String key = StreamNames.checkins(prefix, 3);
        List<String> ids = append(key, 100);
        groups(key, "tracing", "report");
        consume(key, "tracing", 100, 100);
        consume(key, "report", 100, 10); // 90 behind tracing: past the bound
        trim(prefix);

        assertEquals(List.of(), held(key), "check-ins are not held for a stalled dashboard");
        List<StreamMessage<String, String, String>> gaps = redis.stream(String.class).xrange(StreamNames.gaps(prefix), StreamRange.of("-", "+"));
        assertEquals(1, gaps.size());
        Map<String, String> gap = gaps.get(0).payload();
        assertEquals("report", gap.get("group"));
        assertEquals("3", gap.get("partition"));
        assertEquals(ids.get(10), gap.get("from"));
        // The span ends just after the last entry tracing acknowledged.
        String last = ids.get(99);
        assertEquals(last.substring(0, last.indexOf('-') + 1) + (Long.parseLong(last.substring(last.indexOf('-') + 1)) + 1), gap.get("to"));
        // Its pending entries below the cut were given up for it: it does not trail them any more.
        Object pending = redis.execute("XPENDING", key, "report").get(0).toLong();
        assertEquals(0L, pending);
    }

    @Test
    void aGatingGroupThatDoesNotExistYetKeepsEveryEntry() {
        String prefix = prefix();
        String key = StreamNames.checkins(prefix, 5);
        List<String> ids = append(key, 30);
        groups(key, "report");
        consume(key, "report", 30, 30);
        trim(prefix);
        assertEquals(ids, held(key));
        // It now exists at the start of the stream, so tracing reads all 30 when it comes.
        assertEquals(30, redis.stream(String.class).xreadgroup("tracing", "first", key, ">", new XReadGroupArgs().count(100)).size());
    }

    @Test
    void streamHealthTurnsDownPastTheGatingBoundAndUpWhenConsumed() {
        String key = StreamNames.checkins(runPrefix, 1);
        append(key, 45);
        groups(key, "tracing");
        monitor.tick().await().indefinitely();
        given().when().get("/q/health").then().statusCode(503)
                .body("checks.find { it.name == 'check-in streams' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'check-in streams' }.data.'tracing.lag'", equalTo(45))
                .body("checks.find { it.name == 'check-in streams' }.data.'tracing.partition'", equalTo(1))
                .body("checks.name", hasItem("venue projection"));

        consume(key, "tracing", 45, 45);
        monitor.tick().await().indefinitely();
        given().when().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'check-in streams' }.data.'tracing.lag'", equalTo(0));
    }
}
