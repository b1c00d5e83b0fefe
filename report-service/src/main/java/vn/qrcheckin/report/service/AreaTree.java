package vn.qrcheckin.report.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.contracts.units.AdminUnitCsv;
import vn.qrcheckin.contracts.units.AdminUnitRow;
import vn.qrcheckin.report.config.ReportConfig;
import vn.qrcheckin.report.domain.Area;

/**
 * The administrative tree in memory (about 11,000 units; reference data that changes by decree): area look-ups,
 * children, and the communes under an area (for zero-scan communes) never cost a database round trip. The depth
 * comes from the data: districts exist in the 2021 set, not in the 2025 one.
 */
@ApplicationScoped
public class AreaTree {

    private final Map<String, Area> byCode = new HashMap<>();
    private final Map<String, List<Area>> children = new HashMap<>();
    private final Map<String, List<Area>> communes = new HashMap<>();

    public AreaTree(ReportConfig config) {
        List<AdminUnitRow> rows;
        try {
            rows = AdminUnitCsv.load(config.adminUnits());
        } catch (IOException e) {
            throw new UncheckedIOException("administrative units not readable from " + config.adminUnits(), e);
        }
        Area nation = new Area(Area.NATION_CODE, "Việt Nam", Area.Level.NATION, null, List.of(Area.NATION_CODE));
        byCode.put(nation.code(), nation);
        // Parents come first in the file's order, so each unit's parent is known when it is read.
        for (AdminUnitRow u : rows) {
            Area parent = u.parentCode() == null ? nation : byCode.get(u.parentCode());
            List<String> path = new ArrayList<>(parent.path());
            path.add(u.code());
            Area area = new Area(u.code(), u.name(), level(u.level()), parent.code(), List.copyOf(path));
            byCode.put(area.code(), area);
            children.computeIfAbsent(parent.code(), k -> new ArrayList<>()).add(area);
            if (area.level() == Area.Level.COMMUNE) {
                for (String ancestor : area.path()) {
                    communes.computeIfAbsent(ancestor, k -> new ArrayList<>()).add(area);
                }
            }
        }
        children.values().forEach(list -> list.sort(java.util.Comparator.comparing(Area::code)));
        communes.values().forEach(list -> list.sort(java.util.Comparator.comparing(Area::code)));
    }

    private static Area.Level level(AdminLevel level) {
        return Area.Level.valueOf(level.name());
    }

    public Optional<Area> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public Area nation() {
        return byCode.get(Area.NATION_CODE);
    }

    /** The areas one level down, by code; none for a commune. */
    public List<Area> children(String code) {
        return Collections.unmodifiableList(children.getOrDefault(code, List.of()));
    }

    /** Every commune within the area (itself for a commune), by code. */
    public List<Area> communesUnder(String code) {
        return Collections.unmodifiableList(communes.getOrDefault(code, List.of()));
    }

    /**
     * Where a check-in or venue counts.
     *
     * @param path the nation, province, district (where the set has one) and commune codes
     * @param communeKnown the commune is one of the loaded set's (it counts towards zero-scan communes)
     */
    public record Place(String communeCode, String districtCode, String provinceCode, List<String> path, boolean communeKnown) {
    }

    /**
     * The place of the codes an event carries: from the tree where the commune is known (its district and province
     * then come from the loaded set, whatever the event says), else the codes as given.
     */
    public Place placeOf(String communeCode, String districtCode, String provinceCode) {
        Area commune = communeCode == null ? null : byCode.get(communeCode);
        if (commune != null && commune.level() == Area.Level.COMMUNE) {
            List<String> p = commune.path();
            return new Place(communeCode, p.size() == 4 ? p.get(2) : null, p.get(1), p, true);
        }
        List<String> path = new ArrayList<>(4);
        path.add(Area.NATION_CODE);
        for (String c : new String[] { provinceCode, districtCode, communeCode }) {
            if (c != null && !c.isBlank()) {
                path.add(c);
            }
        }
        return new Place(communeCode, districtCode, provinceCode, List.copyOf(path), false);
    }
}
