package vn.qrcheckin.report.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.report.config.ReportConfig;
import vn.qrcheckin.report.domain.Area;
import vn.qrcheckin.report.domain.Figures;
import vn.qrcheckin.report.repository.AreaDays;
import vn.qrcheckin.report.repository.VenueRepository;
import vn.qrcheckin.report.repository.VenueRepository.Inactive;
import vn.qrcheckin.report.repository.WeekRepository;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.ProblemException;

/** The figures API: every answer from the roll-ups, for an area the caller may see. */
@ApplicationScoped
public class ReportService {

    public record Children(Area.Ref area, LocalDate date, String sort, List<Figures> children) {
    }

    public record Series(Area.Ref area, LocalDate from, LocalDate to, List<Figures> days) {
    }

    /** A commune without a scan on the day, with the area it lies in. */
    public record Commune(String code, String name, String parentCode, String parentName) {
    }

    public record Communes(Area.Ref area, LocalDate date, List<Commune> items, String nextAfter) {
    }

    public record InactiveVenues(Area.Ref area, int days, LocalDate since, List<Inactive> items, Long nextAfter) {
    }

    /** A week's figure against the week before; changePercent is null when the week before had none. */
    public record Change(Long thisWeek, Long weekBefore, Long change, Double changePercent) {

        static Change of(Long now, Long before) {
            if (now == null || before == null) {
                return new Change(now, before, null, null);
            }
            return new Change(now, before, now - before, before == 0 ? null : Math.round((now - before) * 1000.0 / before) / 10.0);
        }
    }

    /**
     * @param activeVenues venues with a scan in the week (distinct)
     * @param distinctPeople people with a scan in the week (distinct); null where the week before lies past the retention
     */
    public record Weekly(Area.Ref area, LocalDate weekStarting, LocalDate weekEnding, Change registeredVenues, Change newVenues,
            Change activeVenues, Change scans, Change distinctPeople) {
    }

    /** Orders of the children table: by a figure (largest first), by code or name (A to Z); ties by code. */
    public enum Sort {
        CODE("code", null),
        NAME("name", null),
        REGISTERED_VENUES("registeredVenues", Figures::registeredVenues),
        NEW_VENUES("newVenues", Figures::newVenues),
        NEW_VENUES_7D_AVG("newVenues7dAvg", Figures::newVenues7dAvg),
        ACTIVE_VENUES("activeVenues", Figures::activeVenues),
        REGULAR_VENUES("regularVenues", Figures::regularVenues),
        SCANS("scans", Figures::scans),
        SCANS_7D_AVG("scans7dAvg", Figures::scans7dAvg),
        DISTINCT_PEOPLE("distinctPeople", Figures::distinctPeople),
        DECLARATIONS("declarations", Figures::declarations),
        DECLARATIONS_WITH_SYMPTOMS("declarationsWithSymptoms", Figures::declarationsWithSymptoms),
        ZERO_SCAN_COMMUNES("zeroScanCommunes", Figures::zeroScanCommunes),
        SUSPENDED_VENUES("suspendedVenues", Figures::suspendedVenues),
        NON_COMPLIANT_VENUES("nonCompliantVenues", Figures::nonCompliantVenues);

        public final String field;
        private final ToDoubleFunction<Figures> figure;

        Sort(String field, ToDoubleFunction<Figures> figure) {
            this.field = field;
            this.figure = figure;
        }

        Comparator<Figures> comparator() {
            Comparator<Figures> byCode = Comparator.comparing(f -> f.area().code());
            if (this == NAME) {
                return Comparator.<Figures, String> comparing(f -> f.area().name()).thenComparing(byCode);
            }
            return figure == null ? byCode : Comparator.comparingDouble(figure).reversed().thenComparing(byCode);
        }

        public static Sort byField(String field) {
            for (Sort s : values()) {
                if (s.field.equals(field)) {
                    return s;
                }
            }
            return null;
        }
    }

    private final AreaTree tree;
    private final AreaAccess access;
    private final AreaDays areaDays;
    private final VenueRepository venues;
    private final WeekRepository weeks;
    private final ReportConfig config;

    public ReportService(AreaTree tree, AreaAccess access, AreaDays areaDays, VenueRepository venues, WeekRepository weeks, ReportConfig config) {
        this.tree = tree;
        this.access = access;
        this.areaDays = areaDays;
        this.venues = venues;
        this.weeks = weeks;
        this.config = config;
    }

    /** The area asked for (the nation when none), if the caller may see it. */
    public Area area(Caller caller, String code) {
        Area area = code == null ? tree.nation() : tree.find(code).orElseThrow(() -> ProblemException.invalid("area",
                "is not a known administrative code (a province, district or commune code, or VN)"));
        access.requireRead(caller, area);
        return area;
    }

    public Uni<Figures> summary(Area area, LocalDate date) {
        return figures(List.of(area), date, date).map(all -> all.get(area.code()).on(date));
    }

    public Uni<Children> children(Area area, LocalDate date, Sort sort) {
        List<Area> children = tree.children(area.code());
        if (children.isEmpty()) {
            return Uni.createFrom().item(new Children(area.ref(), date, sort.field, List.of()));
        }
        return figures(children, date, date).map(all -> {
            List<Figures> out = new ArrayList<>(children.size());
            children.forEach(c -> out.add(all.get(c.code()).on(date)));
            out.sort(sort.comparator());
            return new Children(area.ref(), date, sort.field, out);
        });
    }

    public Uni<Series> series(Area area, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        if (from.plusDays(config.maxRangeDays() - 1L).isBefore(to)) {
            throw ProblemException.invalid("to", "the range may span " + config.maxRangeDays() + " days at most");
        }
        return figures(List.of(area), from, to).map(all -> {
            FigureCalculator calc = all.get(area.code());
            List<Figures> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(calc.on(d));
            }
            return new Series(area.ref(), from, to, days);
        });
    }

    public Uni<Weekly> weekly(Area area, LocalDate weekEnding) {
        LocalDate before = weekEnding.minusDays(7);
        Uni<Map<String, FigureCalculator>> figures = figures(List.of(area), weekEnding.minusDays(7), weekEnding);
        // The day sets are kept for the retention: weeks reaching past it have no distinct counts.
        boolean sets = !weekEnding.minusDays(13).isBefore(Days.today().minusDays(config.retention().toDays() - 1));
        Uni<WeekRepository.Distinct> distinct = sets ? weeks.distinct(area, weekEnding) : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(figures, distinct).asTuple().map(t -> {
            FigureCalculator calc = t.getItem1().get(area.code());
            FigureCalculator.Week week = calc.week(weekEnding);
            FigureCalculator.Week weekBefore = calc.week(before);
            WeekRepository.Distinct d = t.getItem2();
            return new Weekly(area.ref(), weekEnding.minusDays(6), weekEnding,
                    Change.of(calc.on(weekEnding).registeredVenues(), calc.on(before).registeredVenues()),
                    Change.of(week.newVenues(), weekBefore.newVenues()),
                    d == null ? Change.of(null, null) : Change.of(d.venues(), d.venuesBefore()),
                    Change.of(week.scans(), weekBefore.scans()),
                    d == null ? Change.of(null, null) : Change.of(d.people(), d.peopleBefore()));
        });
    }

    /** Communes of the area without a scan on the day, by code after {@code after}, a page of at most {@code limit}. */
    public Uni<Communes> zeroScanCommunes(Area area, LocalDate date, String after, int limit) {
        List<Area> candidates = tree.communesUnder(area.code()).stream().filter(c -> after == null || c.code().compareTo(after) > 0).toList();
        return zeroScan(candidates, 0, date, limit, new ArrayList<>()).map(items -> {
            boolean more = items.size() > limit;
            List<Commune> page = more ? items.subList(0, limit) : items;
            return new Communes(area.ref(), date, page, more ? page.get(page.size() - 1).code() : null);
        });
    }

    /** Walks the candidates a chunk at a time until one more than a page is found (or none are left). */
    private Uni<List<Commune>> zeroScan(List<Area> candidates, int from, LocalDate date, int limit, List<Commune> found) {
        if (found.size() > limit || from >= candidates.size()) {
            return Uni.createFrom().item(found);
        }
        List<Area> chunk = candidates.subList(from, Math.min(candidates.size(), from + Math.max(200, limit * 2)));
        return areaDays.scanned(chunk.stream().map(Area::code).toList(), date).chain(scanned -> {
            java.util.Set<String> hit = new java.util.HashSet<>(scanned);
            for (Area c : chunk) {
                if (!hit.contains(c.code()) && found.size() <= limit) {
                    Area parent = tree.find(c.parentCode()).orElseThrow();
                    found.add(new Commune(c.code(), c.name(), parent.code(), parent.name()));
                }
            }
            return zeroScan(candidates, from + chunk.size(), date, limit, found);
        });
    }

    /** Venues of the area without a scan in the last {@code days} days (today included), by id after {@code after}. */
    public Uni<InactiveVenues> inactiveVenues(Area area, int days, long after, int limit) {
        LocalDate since = Days.today().minusDays(days - 1L);
        return venues.inactive(area, since, after, limit + 1).map(rows -> {
            boolean more = rows.size() > limit;
            List<Inactive> page = more ? rows.subList(0, limit) : rows;
            return new InactiveVenues(area.ref(), days, since, page, more ? page.get(page.size() - 1).venueId() : null);
        });
    }

    /** Calculators for the areas over [from, to], from one read of their rows. */
    private Uni<Map<String, FigureCalculator>> figures(List<Area> areas, LocalDate from, LocalDate to) {
        return areaDays.read(areas.stream().map(Area::code).toList(), from.minusDays(6)).map(stored -> {
            Map<String, FigureCalculator> out = new java.util.HashMap<>();
            for (Area a : areas) {
                out.put(a.code(), new FigureCalculator(a, stored.get(a.code()), tree.communesUnder(a.code()).size()));
            }
            return out;
        });
    }
}
