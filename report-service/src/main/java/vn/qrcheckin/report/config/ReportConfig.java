package vn.qrcheckin.report.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed settings of report-service; see application.properties for the environment variables. Redis keys take the
 * streams' prefix (stream-consumer's qrcheckin.streams.key-prefix).
 */
@ConfigMapping(prefix = "qrcheckin.report")
public interface ReportConfig {

    /** The administrative-unit set (contracts' admin-units/): the same as venue-service's. */
    @WithDefault("admin-units/vn-admin-units-2021.csv")
    String adminUnits();

    /**
     * How long counted check-in ids and the day sets (people, active venues) are kept, by day partition. A
     * check-in whose local day is older is not counted (its id could no longer be recognised as a repeat);
     * weekly distinct people need the 14 days before the week's end. The roll-ups themselves are kept.
     */
    @WithDefault("P35D")
    Duration retention();

    /** Day partitions created ahead of today (clock skew of devices; check-ins from later days are not counted). */
    @WithDefault("2")
    int partitionsAhead();

    /** A venue scans regularly on a day when it had scans on at least this many days of the window ending then. */
    @WithDefault("5")
    int regularDays();

    /**
     * The window of {@link #regularDays()}, in days. Counts are kept as check-ins arrive: a change applies to
     * the days counted after it.
     */
    @WithDefault("7")
    int regularWindow();

    /** The longest range of days a series answers. */
    @WithDefault("92")
    int maxRangeDays();
}
