package vn.qrcheckin.report.service;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import vn.qrcheckin.report.domain.Area;
import vn.qrcheckin.report.domain.Figures;
import vn.qrcheckin.report.repository.AreaDays.DayRow;
import vn.qrcheckin.report.repository.AreaDays.Stored;

/**
 * Figures of any day from an area's stored rows (its days from 6 days before the first asked date on, and its
 * current counts): registered venues on a date are today's registered minus those registered after it, suspended
 * and non-compliant venues today's minus their changes after it, so no count is ever summed over an area's whole
 * history.
 */
final class FigureCalculator {

    private final Area area;
    private final Stored stored;
    private final int communes;
    private final Map<LocalDate, DayRow> byDay = new HashMap<>();

    FigureCalculator(Area area, Stored stored, int communes) {
        this.area = area;
        this.stored = stored == null ? new Stored(0, 0, 0, java.util.List.of()) : stored;
        this.communes = communes;
        this.stored.days().forEach(d -> byDay.put(d.day(), d));
    }

    /** New venues and scans of the 7 days ending on a date. */
    record Week(long newVenues, long scans) {
    }

    Week week(LocalDate end) {
        long fresh = 0;
        long scans = 0;
        for (DayRow d : stored.days()) {
            if (!d.day().isAfter(end) && d.day().isAfter(end.minusDays(7))) {
                fresh += d.newVenues();
                scans += d.scans();
            }
        }
        return new Week(fresh, scans);
    }

    Figures on(LocalDate date) {
        DayRow day = byDay.get(date);
        long newAfter = 0;
        long suspendedAfter = 0;
        long nonCompliantAfter = 0;
        for (DayRow d : stored.days()) {
            if (d.day().isAfter(date)) {
                newAfter += d.newVenues();
                suspendedAfter += d.suspendedChange();
                nonCompliantAfter += d.nonCompliantChange();
            }
        }
        Week week = week(date);
        return new Figures(area.ref(), date, stored.registered() - newAfter, day == null ? 0 : day.newVenues(), Figures.average7(week.newVenues()),
                day == null ? 0 : day.activeVenues(), day == null ? 0 : day.regularVenues(), day == null ? 0 : day.scans(),
                Figures.average7(week.scans()), day == null ? 0 : day.people(), day == null ? 0 : day.declarations(),
                day == null ? 0 : day.symptomatic(), communes - (day == null ? 0 : day.communesScanned()),
                stored.suspended() - suspendedAfter, stored.nonCompliant() - nonCompliantAfter);
    }
}
