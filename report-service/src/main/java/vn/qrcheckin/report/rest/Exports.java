package vn.qrcheckin.report.rest;

import java.util.function.Supplier;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.web.SpreadsheetCsv;
import vn.qrcheckin.web.Table;

/**
 * How a report answer is written: JSON, or the same rows as a download for spreadsheets, chosen by {@code format=}
 * or the Accept header. A new format (XLSX) is one more constant and its renderer of a {@link Table}.
 */
enum Exports {
    JSON,
    CSV;

    static final String CSV_TYPE = "text/csv";

    /** {@code format} wins over Accept; a bad format is a problem naming it. */
    static Exports of(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw ProblemException.invalid("format", "must be json or csv");
            };
        }
        return accept != null && accept.contains(CSV_TYPE) && !accept.contains("json") ? CSV : JSON;
    }

    Response respond(Object body, Supplier<Table> table) {
        if (this == JSON) {
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        }
        Table t = table.get();
        return Response.ok(SpreadsheetCsv.of(t), SpreadsheetCsv.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + t.name() + ".csv\"").build();
    }
}
