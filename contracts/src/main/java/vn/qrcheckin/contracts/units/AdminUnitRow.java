package vn.qrcheckin.contracts.units;

/**
 * One administrative unit as the official data set gives it.
 *
 * @param type the unit's kind as named in Vietnamese ("Tỉnh", "Quận", "Phường", ...)
 * @param parentCode the unit one level up (a commune's district, or its province where the set has no
 *        districts); null for a province
 */
public record AdminUnitRow(String code, String name, String type, AdminLevel level, String parentCode) {
}
