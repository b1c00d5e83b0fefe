package vn.qrcheckin.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A {@link Table} as an Excel workbook (one sheet, a bold frozen header row). Numbers are written as numbers, all else
 * as text cells made inert as in the CSV ({@link Table#inert}); the writer is never asked for a formula, so nothing a
 * citizen or venue owner typed can run when the file is opened or a cell is edited.
 */
public final class SpreadsheetXlsx {

    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Excel's limit on a sheet name's length. */
    private static final int SHEET_NAME = 31;

    private SpreadsheetXlsx() {
    }

    public static byte[] of(Table table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            Workbook book = new Workbook(out, "qrcheckin", "1.0");
            Worksheet sheet = book.newWorksheet(table.name().length() > SHEET_NAME ? table.name().substring(0, SHEET_NAME) : table.name());
            List<String> headers = table.headers();
            for (int c = 0; c < headers.size(); c++) {
                sheet.value(0, c, Table.inert(headers.get(c)));
                // Wide enough for the Vietnamese headers without wrapping most of them.
                sheet.width(c, Math.max(10, Math.min(40, headers.get(c).length() + 2)));
            }
            sheet.range(0, 0, 0, Math.max(0, headers.size() - 1)).style().bold().set();
            sheet.freezePane(0, 1);
            int r = 1;
            for (List<Object> row : table.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof Number n) {
                        sheet.value(r, c, n);
                    } else if (v != null) {
                        sheet.value(r, c, Table.inert(v.toString()));
                    }
                }
                r++;
            }
            book.finish();
        } catch (IOException e) {
            // Written to memory: only a bug gets here.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
