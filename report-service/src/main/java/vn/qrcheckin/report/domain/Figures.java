package vn.qrcheckin.report.domain;

import java.time.LocalDate;

/**
 * The figures of an area on a local day (Asia/Ho_Chi_Minh). Averages are over the 7 days ending on the date,
 * rounded to 2 decimals; suspended and non-compliant venues are the current counts whatever the date.
 *
 * @param registeredVenues venues registered on or before the date
 * @param activeVenues venues with at least one scan that day
 * @param regularVenues venues with scans on at least 5 of the 7 days ending that day (configurable)
 * @param scans check-ins (direction IN) that day, each id once
 * @param distinctPeople people (by pseudonym) with a scan that day, exactly
 * @param zeroScanCommunes communes of the area without a scan that day
 */
public record Figures(Area.Ref area, LocalDate date, long registeredVenues, long newVenues, double newVenues7dAvg, long activeVenues,
        long regularVenues, long scans, double scans7dAvg, long distinctPeople, long declarations, long declarationsWithSymptoms,
        long zeroScanCommunes, long suspendedVenues, long nonCompliantVenues) {

    /** Average of a 7-day total, to 2 decimals. */
    public static double average7(long total) {
        return Math.round(total * 100.0 / 7) / 100.0;
    }
}
