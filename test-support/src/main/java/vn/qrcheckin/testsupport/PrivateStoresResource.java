package vn.qrcheckin.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a test run its own PostgreSQL database and its own Redis key prefix on the real local servers, so
 * that runs never see each other's data and leave nothing behind. Quarkus Dev Services would need Docker,
 * which CI does not have.
 *
 * <p>A service without a database passes the init argument {@code postgres=false}: it then gets only its
 * Redis key prefix.
 *
 * <p>Server addresses come from {@code TEST_PG_HOST/TEST_PG_PORT/TEST_PG_USER} and
 * {@code TEST_REDIS_HOST/TEST_REDIS_PORT}, defaulting to 127.0.0.1 with trust auth as user postgres.
 */
public class PrivateStoresResource implements QuarkusTestResourceLifecycleManager {

    private static final String PG_HOST = env("TEST_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("TEST_PG_PORT", "5432");
    private static final String PG_USER = env("TEST_PG_USER", "postgres");
    private static final String REDIS_HOST = env("TEST_REDIS_HOST", "127.0.0.1");
    private static final int REDIS_PORT = Integer.parseInt(env("TEST_REDIS_PORT", "6379"));

    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String database = "qc_test_" + runId;
    private final String keyPrefix = "qctest:" + runId + ":";

    private boolean withDatabase = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withDatabase = !"false".equals(initArgs.get("postgres"));
    }

    @Override
    public Map<String, String> start() {
        String redis = "redis://" + REDIS_HOST + ":" + REDIS_PORT;
        if (!withDatabase) {
            return Map.of("quarkus.redis.hosts", redis, "qrcheckin.redis.key-prefix", keyPrefix);
        }
        execute("postgres", "CREATE DATABASE " + database);
        String hostPort = PG_HOST + ":" + PG_PORT + "/" + database;
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort,
                "quarkus.datasource.username", PG_USER,
                "quarkus.datasource.password", "",
                "quarkus.redis.hosts", redis,
                "qrcheckin.redis.key-prefix", keyPrefix));
        // Only where the service has a JDBC pool (Flyway): elsewhere the key is unknown and warned about.
        if (hasJdbc()) {
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort);
        }
        return config;
    }

    private static boolean hasJdbc() {
        try {
            Class.forName("io.agroal.api.AgroalDataSource", false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (withDatabase) {
            execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        deleteRedisKeys();
    }

    private static void execute(String db, String sql) {
        String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + db;
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", PG_USER);
        // The driver directly, not DriverManager: Quarkus restarts tests in fresh class loaders, where
        // DriverManager does not see a driver registered by another loader.
        try (Connection c = new org.postgresql.Driver().connect(url, props); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " is needed for tests: run scripts/dev-services.sh ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Deletes this run's keys with one Lua call over a raw RESP connection (no client library needed). */
    private void deleteRedisKeys() {
        String script = "local n=0 for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n=n+1 end return n";
        try (Socket socket = new Socket(REDIS_HOST, REDIS_PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(resp("EVAL", script, "0", keyPrefix + "*"));
            out.flush();
            InputStream in = socket.getInputStream();
            in.read(new byte[64]);
        } catch (IOException e) {
            // Keys of a crashed cleanup only cost memory; Redis here keeps nothing on disk.
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
