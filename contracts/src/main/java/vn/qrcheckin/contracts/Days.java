package vn.qrcheckin.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar day in Vietnam: what every report counts by and day partitions are cut by. Instants are stored in
 * UTC; a check-in at 17:00 UTC or later belongs to the next local day.
 */
public final class Days {

    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private Days() {
    }

    public static LocalDate of(Instant instant) {
        return LocalDate.ofInstant(instant, VIETNAM);
    }

    public static LocalDate today() {
        return of(Instant.now());
    }
}
