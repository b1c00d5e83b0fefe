package vn.qrcheckin.report.rest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.web.ProblemException;

/** The report API's own parameters; the shared ones (limits, enums) are web-support's Params. */
final class ReportParams {

    private static final LocalDate EARLIEST = LocalDate.of(2020, 1, 1);

    private ReportParams() {
    }

    /** A local date (yyyy-MM-dd) from 2020 to a year from now; today in Vietnam when absent. */
    static LocalDate date(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return Days.today();
        }
        try {
            LocalDate d = LocalDate.parse(raw.strip());
            if (!d.isBefore(EARLIEST) && !d.isAfter(Days.today().plusYears(1))) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // fall through
        }
        throw ProblemException.invalid(name, "must be a date (yyyy-MM-dd) from " + EARLIEST + " to a year from today");
    }

    /** An area code as given (digits, or VN), or null for the nation. */
    static String area(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.strip();
        if (code.length() > 10) {
            throw ProblemException.invalid("area", "is not a known administrative code (a province, district or commune code, or VN)");
        }
        return code;
    }

    /** The commune code a page of communes continues after. */
    static String afterCode(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.strip();
        if (!code.matches("\\d{1,10}")) {
            throw ProblemException.invalid("after", "must be a commune code (the nextAfter of the previous page)");
        }
        return code;
    }
}
