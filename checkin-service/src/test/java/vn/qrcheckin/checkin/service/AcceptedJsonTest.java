package vn.qrcheckin.checkin.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import vn.qrcheckin.checkin.service.CheckinService.Accepted;

/** The hand-written answer to a single check-in is the JSON Jackson writes for it, and reads back the same. */
class AcceptedJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void matchesJackson() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            Accepted a = new Accepted("id_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-x", "ACCEPTED",
                    random.nextInt(Integer.MAX_VALUE), Instant.ofEpochMilli(1_600_000_000_000L + (long) (random.nextDouble() * 2e11)),
                    random.nextBoolean());
            assertEquals(JACKSON.readTree(JACKSON.writeValueAsString(a)), JACKSON.readTree(a.toJson()), a.toJson());
            assertEquals(a, JACKSON.readValue(a.toJson(), Accepted.class));
        }
    }
}
