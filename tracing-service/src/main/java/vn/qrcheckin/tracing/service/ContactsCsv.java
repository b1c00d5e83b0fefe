package vn.qrcheckin.tracing.service;

import vn.qrcheckin.tracing.service.CaseService.ContactItem;
import vn.qrcheckin.tracing.service.CaseService.Contacts;
import vn.qrcheckin.tracing.service.CaseService.ExposureItem;

/**
 * Contacts as CSV for the teams' spreadsheets. A cell that a spreadsheet would read as a formula (starting with
 * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe: names and phones come from citizens.
 */
public final class ContactsCsv {

    private ContactsCsv() {
    }

    public static String of(Contacts contacts) {
        StringBuilder b = new StringBuilder("depth,idType,number,name,phone,overlapMinutes,venues,firstFrom,via\r\n");
        for (ContactItem c : contacts.items()) {
            String venues = String.join(" ", c.exposures().stream().map(e -> String.valueOf(e.venueId())).distinct().toList());
            String first = c.exposures().stream().map(ExposureItem::from).min(java.util.Comparator.naturalOrder()).map(String::valueOf).orElse("");
            row(b, String.valueOf(c.depth()), c.idType().name(), c.number(), c.name(), c.phone(), String.valueOf(c.overlapMinutes()), venues,
                    first, c.via() == null ? "" : c.via().idType() + " " + c.via().number());
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells[i]));
        }
        b.append("\r\n");
    }

    /** One cell: inert for spreadsheets, quoted as RFC 4180 wants. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
