package vn.qrcheckin.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real headless Chromium (Debian's chromium + chromium-driver, installed by scripts/browser.sh) driven
 * through the W3C WebDriver protocol spoken directly over HTTP: real key strokes and clicks, no Selenium
 * dependency and no browser download.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final String base;
    private final String session;
    private final Path profile;

    /** A phone-sized window (the web check-in page's users). */
    public HeadlessChromium() throws IOException, InterruptedException {
        this(412, 915, null);
    }

    /**
     * A window of the given size; downloads (when a directory is given) land there without a prompt.
     */
    public HeadlessChromium(int width, int height, Path downloads) throws IOException, InterruptedException {
        String chromium = env("CHROMIUM", "/usr/bin/chromium");
        String chromedriver = env("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(chromedriver))) {
            throw new IllegalStateException("Chromium and ChromeDriver are needed (" + chromium + ", " + chromedriver
                    + "): run scripts/browser.sh");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(chromedriver, "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        profile = Files.createTempDirectory("qrcheckin-chromium");
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        Map<String, Object> options = new java.util.HashMap<>(Map.of("binary", chromium, "args", List.of("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=" + width + "," + height, "--user-data-dir=" + profile)));
        if (downloads != null) {
            Files.createDirectories(downloads);
            options.put("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
        }
        JsonNode created = call("POST", "/session",
                Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
        session = created.get("value").get("sessionId").asText();
    }

    public void open(String url) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    public void type(String css, String text) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/element/" + find(css) + "/value", Map.of("text", text));
    }

    public void click(String css) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/element/" + find(css) + "/click", Map.of());
    }

    public String text(String css) throws IOException, InterruptedException {
        return call("GET", "/session/" + session + "/element/" + find(css) + "/text", null).get("value").asText();
    }

    /** Runs a script in the page ({@code return ...} answers a value) and gives its value back as JSON. */
    public JsonNode script(String js) throws IOException, InterruptedException {
        return call("POST", "/session/" + session + "/execute/sync", Map.of("script", js, "args", List.of())).get("value");
    }

    /** Waits (up to the timeout) until a script's value is true, e.g. a page saying it has loaded. */
    public void waitUntil(String js, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!script(js).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout + ": " + js + " (page: " + script("return location.href").asText() + ")");
            }
            Thread.sleep(100);
        }
    }

    public String url() throws IOException, InterruptedException {
        return call("GET", "/session/" + session + "/url", null).get("value").asText();
    }

    public String title() throws IOException, InterruptedException {
        return call("GET", "/session/" + session + "/title", null).get("value").asText();
    }

    /** Saves a PNG screenshot of the page (to look at what a person sees). */
    public void screenshot(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).get("value").asText()));
    }

    private String find(String css) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> r = send("POST", "/session/" + session + "/element", Map.of("using", "css selector", "value", css));
            if (r.statusCode() == 200) {
                return json.readTree(r.body()).get("value").get(ELEMENT).asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no element " + css + ": " + r.body());
            }
            Thread.sleep(100);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            send("DELETE", "/session/" + session, null);
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the driver goes anyway
        }
        driver.destroy();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
