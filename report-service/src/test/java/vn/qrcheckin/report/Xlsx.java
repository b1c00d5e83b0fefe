package vn.qrcheckin.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/** Reads an exported workbook as a spreadsheet program would, checking on the way that no cell holds a formula. */
final class Xlsx {

    private Xlsx() {
    }

    /** The first sheet's rows: numbers as BigDecimal, text as String, empty cells as null. */
    static List<List<Object>> rows(byte[] file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(file))) {
            for (Row r : book.getFirstSheet().read()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < r.getCellCount(); c++) {
                    Cell cell = r.getCell(c);
                    CellType type = cell == null ? CellType.EMPTY : cell.getType();
                    assertNotEquals(CellType.FORMULA, type, "a formula at " + (cell == null ? "" : cell.getAddress()));
                    row.add(switch (type) {
                        case NUMBER -> cell.asNumber();
                        case STRING -> cell.asString();
                        case EMPTY -> null;
                        default -> throw new AssertionError("unexpected cell " + cell);
                    });
                }
                rows.add(row);
            }
        }
        // Beyond the reader's view: no formula element anywhere in the sheets' XML. (ZipFile, not ZipInputStream: the
        // writer streams entries with data descriptors, which ZipInputStream cannot size.)
        Path tmp = Files.createTempFile("export", ".xlsx");
        try {
            Files.write(tmp, file);
            try (ZipFile zip = new ZipFile(tmp.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    if (e.getName().startsWith("xl/worksheets/")) {
                        String xml = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                        assertFalse(xml.contains("<f>") || xml.contains("<f "), e.getName() + " holds a formula");
                    }
                }
            }
        } finally {
            Files.delete(tmp);
        }
        return rows;
    }

    /** A cell as the CSV writes it, to compare the two exports cell by cell. */
    static String text(Object cell) {
        if (cell == null) {
            return "";
        }
        return cell instanceof BigDecimal n ? n.stripTrailingZeros().toPlainString() : cell.toString();
    }
}
