package vn.qrcheckin.report.service;

import java.util.ArrayList;
import java.util.List;

import vn.qrcheckin.report.domain.Figures;
import vn.qrcheckin.report.repository.VenueRepository.Inactive;
import vn.qrcheckin.report.service.ReportService.Change;
import vn.qrcheckin.web.Table;

/**
 * Report answers as tables for the exports, with Vietnamese headers (the staff's spreadsheets), the same rows and
 * values as the JSON answer.
 */
public final class ReportTables {

    static final List<String> FIGURES = List.of("Mã địa bàn", "Tên địa bàn", "Cấp", "Ngày", "Địa điểm đã đăng ký", "Địa điểm mới",
            "Địa điểm mới (TB 7 ngày)", "Địa điểm hoạt động", "Địa điểm quét thường xuyên", "Lượt quét", "Lượt quét (TB 7 ngày)", "Số người",
            "Khai báo y tế", "Khai báo có triệu chứng", "Xã/phường không có lượt quét", "Địa điểm bị đình chỉ", "Địa điểm vi phạm");

    private ReportTables() {
    }

    public static Table figures(String name, List<Figures> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Figures f : rows) {
            out.add(List.of(f.area().code(), f.area().name(), f.area().level().name(), f.date().toString(), f.registeredVenues(), f.newVenues(),
                    f.newVenues7dAvg(), f.activeVenues(), f.regularVenues(), f.scans(), f.scans7dAvg(), f.distinctPeople(), f.declarations(),
                    f.declarationsWithSymptoms(), f.zeroScanCommunes(), f.suspendedVenues(), f.nonCompliantVenues()));
        }
        return new Table(name, FIGURES, out);
    }

    public static Table communes(ReportService.Communes page) {
        List<List<Object>> out = new ArrayList<>();
        for (ReportService.Commune c : page.items()) {
            out.add(List.of(c.code(), c.name(), c.parentCode(), c.parentName(), page.date().toString()));
        }
        return new Table("xa-khong-co-luot-quet-" + page.area().code() + "-" + page.date(),
                List.of("Mã xã/phường", "Tên xã/phường", "Mã địa bàn cấp trên", "Tên địa bàn cấp trên", "Ngày"), out);
    }

    public static Table inactive(ReportService.InactiveVenues page) {
        List<List<Object>> out = new ArrayList<>();
        for (Inactive v : page.items()) {
            out.add(java.util.Arrays.asList(v.venueId(), v.name(), v.venueType(), v.communeCode(),
                    v.registeredDay() == null ? null : v.registeredDay().toString(), v.lastScanDay() == null ? null : v.lastScanDay().toString()));
        }
        return new Table("dia-diem-khong-hoat-dong-" + page.area().code() + "-" + page.days() + "-ngay",
                List.of("Mã địa điểm", "Tên địa điểm", "Loại hình", "Mã xã/phường", "Ngày đăng ký", "Ngày quét gần nhất"), out);
    }

    public static Table weekly(ReportService.Weekly w) {
        List<List<Object>> out = new ArrayList<>();
        row(out, "Địa điểm đã đăng ký (cuối tuần)", w.registeredVenues());
        row(out, "Địa điểm mới", w.newVenues());
        row(out, "Địa điểm hoạt động", w.activeVenues());
        row(out, "Lượt quét", w.scans());
        row(out, "Số người", w.distinctPeople());
        return new Table("bao-cao-tuan-" + w.area().code() + "-" + w.weekEnding(),
                List.of("Chỉ tiêu", "Tuần này (" + w.weekStarting() + " – " + w.weekEnding() + ")", "Tuần trước", "Thay đổi", "Thay đổi (%)"), out);
    }

    private static void row(List<List<Object>> out, String label, Change c) {
        out.add(java.util.Arrays.asList(label, c.thisWeek(), c.weekBefore(), c.change(), c.changePercent()));
    }
}
