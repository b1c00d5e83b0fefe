package vn.qrcheckin.venue.service;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF line ends. Returns
 * records with the line number each starts on, so errors can point at the line a person sees in an editor.
 */
final class CsvReader {

    record Line(int lineNumber, List<String> cells) {
    }

    private CsvReader() {
    }

    static List<Line> parse(String text) {
        List<Line> out = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean recordHasContent = false;
        int line = 1;
        int recordStart = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
                recordHasContent = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                recordHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (recordHasContent || !cell.isEmpty()) {
                    cells.add(cell.toString());
                    out.add(new Line(recordStart, List.copyOf(cells)));
                }
                cells.clear();
                cell.setLength(0);
                recordHasContent = false;
                line++;
                recordStart = line;
            } else {
                cell.append(c);
                recordHasContent = true;
            }
        }
        if (recordHasContent || !cell.isEmpty()) {
            cells.add(cell.toString());
            out.add(new Line(recordStart, List.copyOf(cells)));
        }
        return out;
    }
}
