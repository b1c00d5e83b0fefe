package vn.qrcheckin.contracts.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;


/** Both official sets load with the same code: the depth is read from the header. */
class AdminUnitCsvTest {

    @Test
    void threeLevelSetOf2021() throws Exception {
        List<AdminUnitRow> units = read("admin-units/vn-admin-units-2021.csv");
        Map<AdminLevel, Long> counts = units.stream().collect(Collectors.groupingBy(AdminUnitRow::level, Collectors.counting()));
        assertEquals(63, counts.get(AdminLevel.PROVINCE));
        assertEquals(705, counts.get(AdminLevel.DISTRICT));
        assertEquals(10_599, counts.get(AdminLevel.COMMUNE));
        Map<String, AdminUnitRow> byCode = units.stream().collect(Collectors.toMap(AdminUnitRow::code, Function.identity()));
        assertEquals("268", byCode.get("09541").parentCode());
        assertEquals("018", byCode.get("00589").parentCode());
        assertEquals("Huyện", byCode.get("018").type());
        assertNull(byCode.get("01").parentCode());
        assertEquals(579, units.stream().filter(u -> u.level() == AdminLevel.COMMUNE
                && byCode.get(u.parentCode()).parentCode().equals("01")).count(), "Hà Nội's communes");
        assertParentsFirst(units);
    }

    @Test
    void twoLevelSetOf2025() throws Exception {
        List<AdminUnitRow> units = read("admin-units/vn-admin-units-2025.csv");
        Map<AdminLevel, Long> counts = units.stream().collect(Collectors.groupingBy(AdminUnitRow::level, Collectors.counting()));
        assertEquals(34, counts.get(AdminLevel.PROVINCE));
        assertEquals(3_321, counts.get(AdminLevel.COMMUNE));
        assertNull(counts.get(AdminLevel.DISTRICT), "no district level in 2025");
        assertEquals(126, units.stream().filter(u -> "01".equals(u.parentCode())).count(), "Hà Nội's communes");
        assertParentsFirst(units);
    }

    private static void assertParentsFirst(List<AdminUnitRow> units) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AdminUnitRow u : units) {
            if (u.parentCode() != null && !seen.contains(u.parentCode())) {
                throw new AssertionError(u.code() + " comes before its parent " + u.parentCode());
            }
            seen.add(u.code());
        }
    }

    private static List<AdminUnitRow> read(String resource) throws Exception {
        return AdminUnitCsv.load(resource);
    }
}
