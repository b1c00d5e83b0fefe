package vn.qrcheckin.web;

import java.util.List;

/**
 * A table as exports write it ({@link SpreadsheetCsv}, {@link SpreadsheetXlsx}): the same rows as the JSON answer,
 * with headers for people. Cells are text, numbers, dates or null (empty).
 *
 * @param name what the download is called, without extension
 */
public record Table(String name, List<String> headers, List<List<Object>> rows) {

    /**
     * Text as a spreadsheet must keep it: a cell a spreadsheet would run as a formula (starting with {@code = + - @},
     * a tab or a carriage return) gets a leading apostrophe, in every export alike. Names and other text come from
     * citizens and venue owners.
     */
    public static String inert(String value) {
        return value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
