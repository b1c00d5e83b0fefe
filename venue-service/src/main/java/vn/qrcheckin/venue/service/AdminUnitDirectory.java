package vn.qrcheckin.venue.service;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.contracts.units.AdminUnitCsv;
import vn.qrcheckin.contracts.units.AdminUnitRow;
import vn.qrcheckin.venue.config.VenueConfig;
import vn.qrcheckin.venue.domain.AdminUnit;
import vn.qrcheckin.venue.domain.SearchText;
import vn.qrcheckin.venue.repository.AdminUnitRepository;

/**
 * All administrative units in memory. They are reference data that change by decree, not by request, so
 * validation, area checks and look-ups never need a database round trip. Loaded from the configured CSV
 * into PostgreSQL at start-up (idempotent), then read back from PostgreSQL.
 */
@ApplicationScoped
public class AdminUnitDirectory {

    private static final Logger LOG = Logger.getLogger(AdminUnitDirectory.class);

    private final AdminUnitRepository repository;
    private final VenueConfig config;
    private volatile Map<String, AdminUnit> byCode = Map.of();
    private volatile Map<String, List<AdminUnit>> children = Map.of();
    private volatile List<AdminUnit> all = List.of();

    public AdminUnitDirectory(AdminUnitRepository repository, VenueConfig config) {
        this.repository = repository;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        List<AdminUnitRow> fromFile = AdminUnitCsv.load(config.adminUnits().resource());
        List<AdminUnitRow> stored = repository.findAll().await().atMost(Duration.ofMinutes(1));
        if (stored.size() < fromFile.size()) {
            repository.insertAll(fromFile).await().atMost(Duration.ofMinutes(2));
            stored = repository.findAll().await().atMost(Duration.ofMinutes(1));
            LOG.infof("Loaded administrative units from %s", config.adminUnits().resource());
        }
        index(stored);
        LOG.infof("%d administrative units in memory", all.size());
    }

    private void index(List<AdminUnitRow> stored) {
        Map<String, AdminUnitRow> raw = new HashMap<>();
        stored.forEach(u -> raw.put(u.code(), u));
        Map<String, AdminUnit> units = new HashMap<>();
        Map<String, List<AdminUnit>> kids = new HashMap<>();
        List<AdminUnit> list = new ArrayList<>(stored.size());
        for (AdminUnitRow u : stored) {
            List<String> ancestors = new ArrayList<>();
            for (String p = u.parentCode(); p != null; p = raw.get(p).parentCode()) {
                ancestors.add(0, p);
            }
            AdminUnit unit = new AdminUnit(u.code(), u.name(), u.type(), u.level(), u.parentCode(), List.copyOf(ancestors),
                    SearchText.fold(u.name()));
            units.put(unit.code(), unit);
            list.add(unit);
            if (u.parentCode() != null) {
                kids.computeIfAbsent(u.parentCode(), k -> new ArrayList<>()).add(unit);
            }
        }
        this.byCode = Collections.unmodifiableMap(units);
        this.children = Collections.unmodifiableMap(kids);
        this.all = List.copyOf(list);
    }

    public Optional<AdminUnit> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** The unit's ancestors then itself, province first. */
    public List<AdminUnit> path(AdminUnit unit) {
        List<AdminUnit> path = new ArrayList<>();
        unit.ancestors().forEach(c -> path.add(byCode.get(c)));
        path.add(unit);
        return path;
    }

    public int childCount(String code) {
        return children.getOrDefault(code, List.of()).size();
    }

    /** Code of the unit at {@code level} on the unit's path, or null when the data set has no such level. */
    public String codeAt(AdminUnit unit, AdminLevel level) {
        return path(unit).stream().filter(u -> u.level() == level).map(AdminUnit::code).findFirst().orElse(null);
    }

    /** Units matching every given filter, in code order. */
    public List<AdminUnit> search(String parent, AdminLevel level, String query, int limit) {
        String folded = query == null || query.isBlank() ? null : SearchText.fold(query);
        List<AdminUnit> source = parent == null ? all : children.getOrDefault(parent, List.of());
        List<AdminUnit> out = new ArrayList<>();
        for (AdminUnit u : source) {
            if ((level == null || u.level() == level) && (folded == null || u.searchName().contains(folded) || u.code().equals(query))) {
                out.add(u);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }
}
