package vn.qrcheckin.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** What a service has stored, to show that a run of refused requests wrote nothing. */
public final class StoreProbe {

    private StoreProbe() {
    }

    /** Rows per table of the database behind a JDBC URL (every table of the public schema). */
    public static Map<String, Long> rows(String jdbcUrl, String user) {
        Properties props = new Properties();
        props.setProperty("user", user);
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, props); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + jdbcUrl, e);
        }
    }
}
