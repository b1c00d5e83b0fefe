package vn.qrcheckin.tracing.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The calendar day in Vietnam: what visits are partitioned by and reports count by. */
public final class Days {

    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private Days() {
    }

    public static LocalDate of(Instant instant) {
        return LocalDate.ofInstant(instant, VIETNAM);
    }
}
