package vn.qrcheckin.streams;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XTrimArgs;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.streams.venues.VenueProjection;

/**
 * The venue projection: the snapshot read page by page with a client-credentials token, then the stream
 * followed, each venue kept at its highest version whatever the arrival order, and the snapshot loaded again
 * when the capped stream dropped events before they were read.
 */
@QuarkusTest
class VenueFollowerTest {

    @Inject
    VenueFollower follower;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    RecordingVenueChanges changes;
    @ConfigProperty(name = "qrcheckin.streams.key-prefix")
    String prefix;

    private String stream() {
        return StreamNames.venueEvents(prefix);
    }

    private String event(long id, String name, String status, long version) throws Exception {
        VenueEvent e = SnapshotServer.venue(id, name, status, version);
        return json.writeValueAsString(new VenueEvent(version, VenueEvent.Type.UPDATED, e.venueId(), e.venueName(), e.venueType(),
                e.defaultDwellMinutes(), e.communeCode(), e.districtCode(), e.provinceCode(), e.status(), e.ownerSubject(), null, version,
                VenueEvent.SCHEMA));
    }

    private void publish(long id, String name, String status, long version) throws Exception {
        redis.stream(String.class).xadd(stream(), Map.of(StreamNames.EVENT_FIELD, event(id, name, status, version)));
    }

    @Test
    void theSnapshotIsLoadedPageByPageWithABearerTokenAndReadinessWaitsForIt() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(follower::ready);
        for (long id = 1; id <= 11; id++) { // 12 gets an (ignored) older event in another test
            VenueProjection.VenueState s = follower.find(id).orElseThrow();
            assertEquals("Snapshot venue " + id, s.name());
            assertEquals(id == 3, s.suspended());
            assertEquals("00004", s.communeCode());
        }
        assertTrue(SnapshotServer.AUTHORIZATIONS.size() >= 3, "12 venues in pages of 5");
        assertTrue(SnapshotServer.AUTHORIZATIONS.stream().allMatch(a -> a.startsWith("Bearer ey")), SnapshotServer.AUTHORIZATIONS.toString());
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'venue projection' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'venue projection' }.data.venues", org.hamcrest.Matchers.greaterThanOrEqualTo(12));
    }

    @Test
    void eventsAreKeptByVersionNotByArrival() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(follower::ready);
        publish(50, "Created", "ACTIVE", 1);
        publish(50, "Renamed", "SUSPENDED", 7);
        publish(50, "Stale rename", "ACTIVE", 6); // arrives later, older version: ignored
        publish(40, "New venue", "ACTIVE", 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> follower.find(40).isPresent());
        VenueProjection.VenueState five = follower.find(50).orElseThrow();
        assertEquals("Renamed", five.name());
        assertTrue(five.suspended());
        assertEquals(7, five.version());
        // A snapshot venue's older event (version 4 < 5) changes nothing either.
        publish(12, "Older than the snapshot", "SUSPENDED", 4);
        publish(41, "marker", "ACTIVE", 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> follower.find(41).isPresent());
        assertEquals("Snapshot venue 12", follower.find(12).orElseThrow().name());
        assertFalse(follower.find(12).orElseThrow().suspended());
    }

    @Test
    void theServicesVenueChangesGetEverySnapshotPageAndEventAgainUntilTheyTakeThem() throws Exception {
        // Refused hand-overs are offered again after a pause: the listener may trail the projection a little.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> java.util.stream.LongStream.rangeClosed(1, 11)
                .allMatch(id -> changes.venues().containsKey(id)));
        for (long id = 1; id <= 11; id++) {
            assertEquals("Snapshot venue " + id, changes.venues().get(id).venueName(), "venue " + id);
        }
        publish(60, "Created", "ACTIVE", 1);
        publish(60, "Suspended", "SUSPENDED", 2);
        publish(61, "Another", "ACTIVE", 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> changes.venues().containsKey(61L));
        assertEquals(2, changes.venues().get(60L).version());
        assertEquals("SUSPENDED", changes.venues().get(60L).status());
        assertTrue(changes.refused() >= 1, "hand-overs were refused and offered again");
    }

    @Test
    void eventsTrimmedBeforeTheyWereReadBringTheSnapshotBack() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(follower::ready);
        int loads = SnapshotServer.FIRST_PAGES.get();
        // venue-service changed venues 30 and 31 (its snapshot has both); 30's event is trimmed off the capped
        // stream before anyone read it.
        SnapshotServer.VENUES.add(SnapshotServer.venue(30, "Only in the snapshot now", "ACTIVE", 2));
        SnapshotServer.VENUES.add(SnapshotServer.venue(31, "After the gap", "ACTIVE", 1));
        long ms = System.currentTimeMillis() + 1000;
        String dropped = event(30, "Only in the snapshot now", "ACTIVE", 2);
        String kept = event(31, "After the gap", "ACTIVE", 1);
        redis.withTransaction(tx -> {
            tx.stream(String.class).xadd(stream(), new XAddArgs().id(ms + "-0"), Map.of(StreamNames.EVENT_FIELD, dropped));
            tx.stream(String.class).xadd(stream(), new XAddArgs().id(ms + "-1"), Map.of(StreamNames.EVENT_FIELD, kept));
            tx.stream(String.class).xtrim(stream(), new XTrimArgs().minid(ms + "-1"));
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> follower.find(30).isPresent() && follower.find(31).isPresent());
        assertEquals("Only in the snapshot now", follower.find(30).orElseThrow().name());
        assertTrue(SnapshotServer.FIRST_PAGES.get() > loads, "the snapshot was loaded again");
    }
}
