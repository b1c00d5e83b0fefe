package vn.qrcheckin.report.domain;

import java.util.List;

/**
 * An area figures are kept for: the nation ({@link #NATION_CODE}), a province, a district (absent from the 2025
 * set) or a commune, with the official code and name.
 *
 * @param path the codes from the nation down to this area, itself last: the areas a check-in here counts in
 */
public record Area(String code, String name, Level level, String parentCode, List<String> path) {

    public static final String NATION_CODE = "VN";

    public enum Level {
        NATION,
        PROVINCE,
        DISTRICT,
        COMMUNE
    }

    /** True when this area is {@code ancestor} or lies within it. */
    public boolean isWithin(String ancestor) {
        return path.contains(ancestor);
    }

    /** What answers name an area by. */
    public record Ref(String code, String name, Level level) {
    }

    public Ref ref() {
        return new Ref(code, name, level);
    }
}
