package vn.qrcheckin.venue.domain;

import java.util.List;

import vn.qrcheckin.contracts.units.AdminLevel;

/**
 * One administrative unit with its ancestry, held in memory (reference data, about 11,000 rows).
 *
 * @param ancestors codes from the province down to the parent (empty for a province)
 * @param searchName the name folded for diacritic- and case-insensitive search
 */
public record AdminUnit(String code, String name, String type, AdminLevel level, String parentCode,
        List<String> ancestors, String searchName) {

    /** True when {@code areaCode} is this unit or one of its ancestors. */
    public boolean isWithin(String areaCode) {
        return code.equals(areaCode) || ancestors.contains(areaCode);
    }
}
