package vn.qrcheckin.tracing.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import vn.qrcheckin.tracing.service.CaseService.ContactItem;
import vn.qrcheckin.tracing.service.CaseService.Contacts;
import vn.qrcheckin.tracing.service.CaseService.ExposureItem;
import vn.qrcheckin.web.SpreadsheetCsv;
import vn.qrcheckin.web.Table;

/**
 * Contacts as a table for the teams' spreadsheets, written by web-support's {@link SpreadsheetCsv} (the one writer of
 * the suite's exports: UTF-8 with a BOM, and cells a spreadsheet would run as formulas made inert — names and phones
 * come from citizens).
 */
public final class ContactsCsv {

    static final List<String> HEADERS = List.of("depth", "idType", "number", "name", "phone", "overlapMinutes", "venues", "firstFrom", "via");

    private ContactsCsv() {
    }

    public static Table table(Contacts contacts) {
        List<List<Object>> rows = new ArrayList<>();
        for (ContactItem c : contacts.items()) {
            String venues = String.join(" ", c.exposures().stream().map(e -> String.valueOf(e.venueId())).distinct().toList());
            String first = c.exposures().stream().map(ExposureItem::from).min(Comparator.naturalOrder()).map(String::valueOf).orElse("");
            rows.add(java.util.Arrays.asList(c.depth(), c.idType().name(), c.number(), c.name(), c.phone(), c.overlapMinutes(), venues, first,
                    c.via() == null ? "" : c.via().idType() + " " + c.via().number()));
        }
        return new Table("case-" + contacts.caseId() + "-contacts", HEADERS, rows);
    }

    public static byte[] of(Contacts contacts) {
        return SpreadsheetCsv.of(table(contacts));
    }
}
