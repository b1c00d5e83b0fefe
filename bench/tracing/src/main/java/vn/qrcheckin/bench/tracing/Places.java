package vn.qrcheckin.bench.tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The communes of the run, in file order (vn-admin-units-2021.csv: a province's districts, a district's communes
 * together): Ha Noi's 579 (province 01, the tracing benchmarks), or every province's 10,604 (the report
 * benchmarks). People are laid out by home commune, so "someone from this commune", "... this district" and
 * "... this province" are each one contiguous range of person indexes, and no per-person table is needed.
 */
final class Places {

    static final String HANOI = "01";

    /**
     * Population by province, thousands (GSO, 2021, rounded): how people and venues are shared between provinces
     * when more than one is loaded. Within a province, the communes' kinds share them (see the weights below).
     */
    private static final Map<String, Integer> POPULATION = Map.ofEntries(Map.entry("01", 8331), Map.entry("02", 880), Map.entry("04", 540),
            Map.entry("06", 320), Map.entry("08", 800), Map.entry("10", 750), Map.entry("11", 620), Map.entry("12", 470), Map.entry("14", 1280),
            Map.entry("15", 830), Map.entry("17", 870), Map.entry("19", 1310), Map.entry("20", 790), Map.entry("22", 1340), Map.entry("24", 1880),
            Map.entry("25", 1490), Map.entry("26", 1170), Map.entry("27", 1420), Map.entry("30", 1920), Map.entry("31", 2070), Map.entry("33", 1270),
            Map.entry("34", 1860), Map.entry("35", 870), Map.entry("36", 1780), Map.entry("37", 1000), Map.entry("38", 3700), Map.entry("40", 3400),
            Map.entry("42", 1300), Map.entry("44", 900), Map.entry("45", 640), Map.entry("46", 1140), Map.entry("48", 1200), Map.entry("49", 1500),
            Map.entry("51", 1240), Map.entry("52", 1500), Map.entry("54", 880), Map.entry("56", 1240), Map.entry("58", 600), Map.entry("60", 1240),
            Map.entry("62", 570), Map.entry("64", 1570), Map.entry("66", 1900), Map.entry("67", 670), Map.entry("68", 1320), Map.entry("70", 1020),
            Map.entry("72", 1180), Map.entry("74", 2620), Map.entry("75", 3170), Map.entry("77", 1180), Map.entry("79", 9170), Map.entry("80", 1720),
            Map.entry("82", 1780), Map.entry("83", 1300), Map.entry("84", 1010), Map.entry("86", 1030), Map.entry("87", 1600), Map.entry("89", 1900),
            Map.entry("91", 1750), Map.entry("92", 1250), Map.entry("93", 730), Map.entry("94", 1200), Map.entry("95", 910), Map.entry("96", 1200));

    /** Venues per resident against the rest of the country: shops, offices and restaurants crowd the two big cities. */
    private static double venuesPerResident(String province) {
        return switch (province) {
            case "01", "79" -> 2.0;
            case "31", "48", "92", "74", "75" -> 1.3; // Hai Phong, Da Nang, Can Tho; Binh Duong and Dong Nai (industry)
            default -> 1.0;
        };
    }

    final String[] commune;
    final String[] district;
    final String[] province;
    /** Commune type from the file: Phường (urban ward), Thị trấn (town), Xã (rural commune). */
    final String[] kind;
    /** For each commune, the first and one-past-last commune index of its district, and of its province. */
    final int[] districtFirst;
    final int[] districtEnd;
    final int[] provinceFirst;
    final int[] provinceEnd;
    /** Each commune's province's scale of the kind weights (1 when one province is loaded). */
    private final double[] peopleScale;
    private final double[] venueScale;

    private Places(List<String[]> rows) {
        int n = rows.size();
        commune = new String[n];
        district = new String[n];
        province = new String[n];
        kind = new String[n];
        districtFirst = new int[n];
        districtEnd = new int[n];
        provinceFirst = new int[n];
        provinceEnd = new int[n];
        peopleScale = new double[n];
        venueScale = new double[n];
        for (int i = 0; i < n; i++) {
            province[i] = rows.get(i)[0];
            district[i] = rows.get(i)[2];
            commune[i] = rows.get(i)[4];
            kind[i] = rows.get(i)[6];
        }
        ranges(district, districtFirst, districtEnd);
        ranges(province, provinceFirst, provinceEnd);
        boolean one = provinceEnd[0] == n;
        Map<String, double[]> kindSums = new HashMap<>(); // province -> {people weights, venue weights}
        for (int c = 0; c < n; c++) {
            double[] s = kindSums.computeIfAbsent(province[c], k -> new double[2]);
            s[0] += peopleKind(c);
            s[1] += venueKind(c);
        }
        for (int c = 0; c < n; c++) {
            double[] s = kindSums.get(province[c]);
            double pop = POPULATION.getOrDefault(province[c], 1000);
            peopleScale[c] = one ? 1 : pop / s[0];
            venueScale[c] = one ? 1 : pop * venuesPerResident(province[c]) / s[1];
        }
    }

    private static void ranges(String[] key, int[] first, int[] end) {
        for (int i = 0; i < key.length;) {
            int j = i;
            while (j < key.length && key[j].equals(key[i])) {
                j++;
            }
            for (int k = i; k < j; k++) {
                first[k] = i;
                end[k] = j;
            }
            i = j;
        }
    }

    /** Ha Noi's communes. */
    static Places load(Path csv) throws IOException {
        return load(csv, Set.of(HANOI));
    }

    /**
     * Reads vn-admin-units-2021.csv (province_code,province_name,district_code,district_name,commune_code,commune_name,
     * commune_type): the communes of the given provinces, or of all when the set is empty.
     */
    static Places load(Path csv, Set<String> provinces) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1); // names hold no commas in this file
            if (f.length == 7 && (provinces.isEmpty() || provinces.contains(f[0])) && !f[4].isEmpty()) {
                rows.add(f);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no communes of provinces " + provinces);
        }
        // Districts (and provinces) must be contiguous for the ranges above.
        for (int col : new int[] {0, 2}) {
            Set<String> done = new java.util.HashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                String d = rows.get(i)[col];
                if ((i == 0 || !d.equals(rows.get(i - 1)[col])) && !done.add(d)) {
                    throw new IllegalArgumentException(csv + ": " + (col == 0 ? "province " : "district ") + d + " is not contiguous");
                }
            }
        }
        return new Places(rows);
    }

    int size() {
        return commune.length;
    }

    int provinces() {
        return (int) java.util.Arrays.stream(province).distinct().count();
    }

    /**
     * Relative population of a commune: urban wards are denser (Ha Noi's 12 urban districts hold ~3.8 of ~8.3
     * million people in 177 wards; the rural ~4.5 million live in ~400 communes and towns); across provinces, the
     * province's population shared by these weights.
     */
    double populationWeight(int c) {
        return peopleKind(c) * peopleScale[c];
    }

    /**
     * Relative number of registered venues: shops, offices and restaurants crowd the wards even more than people;
     * across provinces, by population and the big cities' venues per resident.
     */
    double venueWeight(int c) {
        return venueKind(c) * venueScale[c];
    }

    private double peopleKind(int c) {
        return switch (kind[c]) {
            case "Phường" -> 2.0;
            case "Thị trấn" -> 1.5;
            default -> 1.0;
        };
    }

    private double venueKind(int c) {
        return switch (kind[c]) {
            case "Phường" -> 3.0;
            case "Thị trấn" -> 2.0;
            default -> 1.0;
        };
    }
}
