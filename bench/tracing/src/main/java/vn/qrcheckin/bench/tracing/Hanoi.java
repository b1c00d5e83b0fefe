package vn.qrcheckin.bench.tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ha Noi's communes (province 01 of the 2021 GSO set: 30 districts, 579 communes), in file order, which keeps
 * a district's communes together: people are laid out by home commune, so "someone from this commune" and
 * "someone from this district" are each one contiguous range of person indexes, and no per-person table is
 * needed.
 */
final class Hanoi {

    static final String PROVINCE = "01";

    final String[] commune;
    final String[] district;
    /** Commune type from the file: Phường (urban ward), Thị trấn (town), Xã (rural commune). */
    final String[] kind;
    /** For each commune, the first and one-past-last commune index of its district. */
    final int[] districtFirst;
    final int[] districtEnd;

    private Hanoi(List<String[]> rows) {
        int n = rows.size();
        commune = new String[n];
        district = new String[n];
        kind = new String[n];
        districtFirst = new int[n];
        districtEnd = new int[n];
        for (int i = 0; i < n; i++) {
            commune[i] = rows.get(i)[4];
            district[i] = rows.get(i)[2];
            kind[i] = rows.get(i)[6];
        }
        for (int i = 0; i < n;) {
            int j = i;
            while (j < n && district[j].equals(district[i])) {
                j++;
            }
            for (int k = i; k < j; k++) {
                districtFirst[k] = i;
                districtEnd[k] = j;
            }
            i = j;
        }
    }

    /** Reads vn-admin-units-2021.csv (province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type). */
    static Hanoi load(Path csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1); // names hold no commas in this file
            if (f.length == 7 && f[0].equals(PROVINCE) && !f[4].isEmpty()) {
                rows.add(f);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no communes of province " + PROVINCE);
        }
        // Districts must be contiguous for the ranges above.
        for (int i = 1; i < rows.size(); i++) {
            String d = rows.get(i)[2];
            if (!d.equals(rows.get(i - 1)[2])) {
                for (int k = 0; k < i - 1; k++) {
                    if (rows.get(k)[2].equals(d)) {
                        throw new IllegalArgumentException(csv + ": district " + d + " is not contiguous");
                    }
                }
            }
        }
        return new Hanoi(rows);
    }

    int size() {
        return commune.length;
    }

    /**
     * Relative population of a commune: urban wards are denser (Ha Noi's 12 urban districts hold ~3.8 of ~8.3
     * million people in 177 wards; the rural ~4.5 million live in ~400 communes and towns).
     */
    double populationWeight(int c) {
        return switch (kind[c]) {
            case "Phường" -> 2.0;
            case "Thị trấn" -> 1.5;
            default -> 1.0;
        };
    }

    /** Relative number of registered venues: shops, offices and restaurants crowd the wards even more than people. */
    double venueWeight(int c) {
        return switch (kind[c]) {
            case "Phường" -> 3.0;
            case "Thị trấn" -> 2.0;
            default -> 1.0;
        };
    }
}
