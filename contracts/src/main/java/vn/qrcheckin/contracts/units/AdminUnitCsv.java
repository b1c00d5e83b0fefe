package vn.qrcheckin.contracts.units;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the flat administrative-unit CSV (one row per commune, ancestors repeated). The levels present are
 * read from the header, so the 3-level 2021 set and the 2-level 2025 set load with the same code. The files
 * themselves, with their licence and attribution, are resources of this module under {@code admin-units/}: one
 * copy for every service that needs the tree (venue-service validates with it, report-service rolls up by it).
 */
public final class AdminUnitCsv {

    private AdminUnitCsv() {
    }

    /** The 2021 set (3 levels), what services load unless configured otherwise. */
    public static final String DEFAULT_RESOURCE = "admin-units/vn-admin-units-2021.csv";

    /** Reads a class-path resource, else a file path. */
    public static List<AdminUnitRow> load(String resourceOrPath) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resourceOrPath);
        if (in == null) {
            in = AdminUnitCsv.class.getClassLoader().getResourceAsStream(resourceOrPath);
        }
        if (in == null) {
            in = Files.newInputStream(Path.of(resourceOrPath));
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    /** Units in parent-first order, each code once. */
    public static List<AdminUnitRow> read(Reader source) throws IOException {
        BufferedReader in = new BufferedReader(source);
        String header = in.readLine();
        if (header == null) {
            throw new IOException("administrative-unit file is empty");
        }
        List<String> columns = Arrays.asList(header.replace("\uFEFF", "").split(",", -1));
        List<AdminLevel> levels = new ArrayList<>();
        for (AdminLevel level : AdminLevel.values()) {
            if (columns.contains(level.name().toLowerCase() + "_code")) {
                levels.add(level);
            }
        }
        if (!levels.contains(AdminLevel.PROVINCE) || !levels.contains(AdminLevel.COMMUNE)) {
            throw new IOException("administrative-unit file needs province_code and commune_code columns");
        }
        int communeType = columns.indexOf("commune_type");
        Map<String, AdminUnitRow> units = new LinkedHashMap<>();
        Map<AdminLevel, List<AdminUnitRow>> byLevel = new LinkedHashMap<>();
        levels.forEach(l -> byLevel.put(l, new ArrayList<>()));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            // Official names hold no commas or quotes, so a plain split is exact for this file.
            String[] cells = line.split(",", -1);
            String parent = null;
            for (AdminLevel level : levels) {
                String prefix = level.name().toLowerCase();
                String code = cells[columns.indexOf(prefix + "_code")].trim();
                if (code.isEmpty()) {
                    break; // island districts with no commune level
                }
                if (!units.containsKey(code)) {
                    String name = cells[columns.indexOf(prefix + "_name")].trim();
                    String type = level == AdminLevel.COMMUNE && communeType >= 0 ? cells[communeType].trim() : typeFromName(name);
                    AdminUnitRow unit = new AdminUnitRow(code, name, type, level, parent);
                    units.put(code, unit);
                    byLevel.get(level).add(unit);
                }
                parent = code;
            }
        }
        List<AdminUnitRow> ordered = new ArrayList<>(units.size());
        byLevel.values().forEach(ordered::addAll);
        return ordered;
    }

    /** "Thành phố Hà Nội" is a "Thành phố", "Huyện Gia Lâm" a "Huyện": the type is the name's prefix. */
    static String typeFromName(String name) {
        for (String prefix : List.of("Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Phường", "Xã", "Đặc khu")) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return prefix;
            }
        }
        return "";
    }
}
