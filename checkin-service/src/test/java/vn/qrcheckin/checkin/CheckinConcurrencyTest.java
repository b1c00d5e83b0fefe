package vn.qrcheckin.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class CheckinConcurrencyTest {

    @Inject
    TestVenues venues;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/v1/checkins")
    URI endpoint;

    private final int partitions = StreamNames.CHECKIN_PARTITIONS;

    @Test
    void twentyThousandConcurrentSubmissionsWithRepeatedIdsLeaveExactlyTheDistinctOnes() throws Exception {
        List<Long> venueIds = new ArrayList<>();
        for (int v = 0; v < 16; v++) {
            venueIds.add(venues.publish(venues.newVenueId(), "Cửa hàng số " + v, "ACTIVE", "owner-c"));
        }
        // 15,000 distinct ids; 5,000 more submissions repeat some of them (25 %), shuffled in.
        List<String> bodies = new ArrayList<>();
        List<String> distinct = new ArrayList<>();
        for (int i = 0; i < 15_000; i++) {
            CheckinTestData c = CheckinTestData.checkin(venues.qr(venueIds.get(i % venueIds.size())))
                    .person("number", String.format("09%08d", i));
            distinct.add(c.id());
            bodies.add(json.writeValueAsString(c.body()));
        }
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5_000; i++) {
            bodies.add(bodies.get(random.nextInt(15_000)));
        }
        java.util.Collections.shuffle(bodies, random);

        String token = TestTokens.app(CheckinTestData.APP);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(64);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String body : bodies) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                statuses.computeIfAbsent(e != null ? -1 : r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        assertEquals(Map.of(202, 20_000), Map.of(statuses.keySet().iterator().next(), statuses.values().iterator().next().get()),
                "every submission accepted: " + statuses);

        Set<String> expected = new HashSet<>(distinct);
        Set<String> appendedIds = new HashSet<>();
        int entries = 0;
        for (String e : venues.appended()) {
            String id = json.readTree(e).get("id").asText();
            if (expected.contains(id)) {
                entries++;
                appendedIds.add(id);
            }
        }
        assertEquals(15_000, entries, "exactly the distinct count in the streams");
        assertEquals(expected, appendedIds);
        assertTrue(partitions > 1);
    }
}
