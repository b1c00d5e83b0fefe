package vn.qrcheckin.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV for spreadsheet programs: UTF-8 with a byte-order mark (without one Excel reads Vietnamese as Windows-1252),
 * CRLF rows, RFC 4180 quoting, and every cell a spreadsheet would run as a formula (starting with {@code = + - @},
 * a tab or a carriage return) made inert with a leading apostrophe: names and other text come from citizens and
 * venue owners.
 */
public final class SpreadsheetCsv {

    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private SpreadsheetCsv() {
    }

    /** The table as a downloadable file: the BOM, the header row, then the rows. */
    public static byte[] of(Table table) {
        StringBuilder b = new StringBuilder();
        row(b, table.headers());
        for (List<Object> r : table.rows()) {
            row(b, r);
        }
        byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(text, 0, out, BOM.length, text.length);
        return out;
    }

    /** Appends one row of cells (numbers and dates as their plain text). */
    public static void row(StringBuilder b, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object c = cells.get(i);
            b.append(c instanceof Number ? c.toString() : cell(c == null ? null : c.toString()));
        }
        b.append("\r\n");
    }

    /** One text cell: inert for spreadsheets, quoted as RFC 4180 wants. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = Table.inert(value);
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
