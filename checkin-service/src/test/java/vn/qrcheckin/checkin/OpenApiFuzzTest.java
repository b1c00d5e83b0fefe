package vn.qrcheckin.checkin;

import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.testsupport.OpenApiFuzz;
import vn.qrcheckin.testsupport.TestTokens;

/** Bad requests generated from this service's OpenAPI document: every answer a problem, nothing refused appended. */
@QuarkusTest
class OpenApiFuzzTest {

    @Inject
    TestVenues venues;

    @Inject
    RedisDataSource redis;

    @Test
    void everyGeneratedBadRequestIsAProblemAndAppendsNothing() {
        long venueId = venues.publish(venues.newVenueId(), "Quán Fuzz", "ACTIVE", "owner-fuzz");
        String qr = venues.qr(venueId);
        String person = "{\"idType\":\"PHONE\",\"number\":\"0912345678\",\"name\":\"Nguyễn Văn An\"}";
        String checkin = "{\"id\":\"fuzz-0000-0001\",\"qr\":\"" + qr + "\",\"person\":" + person + ",\"direction\":\"IN\"}";
        String token = qr.substring(qr.lastIndexOf('/') + 1);
        OpenApiFuzz.Report report = new OpenApiFuzz("checkin-service", RestAssured.port, TestTokens.everything(), 11L)
                .pathValue("token", token)
                .example("POST", "/api/v1/checkins", checkin)
                .example("POST", "/api/v1/checkins/batch", "{\"items\":[" + checkin + "]}")
                .example("POST", "/api/v1/scans", "{\"id\":\"fuzz-scan-0001\",\"venueId\":" + venueId
                        + ",\"raw\":\"001094012345|123456789|Nguyễn Văn An|01011994|Nam|Số 1 Tô Hiệu|15042021\",\"direction\":\"IN\"}")
                .example("POST", "/api/v1/logbook", "{\"venueId\":" + venueId + ",\"rows\":[{\"id\":\"fuzz-row-0001\",\"person\":" + person
                        + ",\"direction\":\"IN\"}]}")
                .example("POST", "/api/v1/person-cards", person)
                .run(() -> streams(venueId));
        report.assertClean(1000);
    }

    /** The length of every check-in partition and of the idempotency keys: what an accepted check-in adds to. */
    private Map<String, Long> streams(long venueId) {
        Map<String, Long> lengths = new TreeMap<>();
        for (int p = 0; p < 8; p++) {
            String key = StreamNames.checkins(venues.prefix(), p);
            lengths.put(key, redis.stream(String.class).xlen(key));
        }
        lengths.put("keys", (long) redis.key().keys(venues.prefix() + "*").size());
        return lengths;
    }
}
