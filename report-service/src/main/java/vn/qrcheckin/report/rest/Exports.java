package vn.qrcheckin.report.rest;

import java.util.Locale;
import java.util.function.Supplier;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.web.SpreadsheetCsv;
import vn.qrcheckin.web.SpreadsheetXlsx;
import vn.qrcheckin.web.Table;

/**
 * How a report answer is written: JSON, or the same rows as a download for spreadsheets (CSV or XLSX), chosen by
 * {@code format=} or the Accept header.
 */
enum Exports {
    JSON,
    CSV,
    XLSX;

    static final String CSV_TYPE = "text/csv";
    static final String XLSX_TYPE = SpreadsheetXlsx.MEDIA_TYPE;

    /** {@code format} wins over Accept; a bad format is a problem naming it. */
    static Exports of(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                case "xlsx" -> XLSX;
                default -> throw ProblemException.invalid("format", "must be json, csv or xlsx");
            };
        }
        if (accept == null || accept.contains("json")) {
            return JSON;
        }
        return accept.contains(XLSX_TYPE) ? XLSX : accept.contains(CSV_TYPE) ? CSV : JSON;
    }

    Response respond(Object body, Supplier<Table> table) {
        if (this == JSON) {
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        }
        Table t = table.get();
        boolean csv = this == CSV;
        return Response.ok(csv ? SpreadsheetCsv.of(t) : SpreadsheetXlsx.of(t), csv ? SpreadsheetCsv.MEDIA_TYPE : XLSX_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + t.name() + (csv ? ".csv" : ".xlsx") + "\"").build();
    }
}
