package vn.qrcheckin.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bad requests generated from a service's own OpenAPI document: every path and method gets wrong types,
 * nulls, missing and unknown fields, repeated keys, huge, empty and invisible strings, overflowing numbers,
 * bad dates and enums, path traversal, wrong content types, missing and garbage tokens; and every service
 * gets the HTTP-layer cases (over-long request line and path, too many headers, malformed escapes, bodies
 * over the limit, unknown paths and methods). Services added later join by their document alone.
 * <p>
 * What every answer must be: below 500, and when an error, an {@code application/problem+json} body whose
 * status matches, with no stack trace (operations that answer HTML to a browser may answer an HTML page).
 * Requests that write (every method but GET and HEAD) are all invalid here, so each must be refused with a
 * 4xx, and the store probe the test gives must read the same before and after the run: nothing refused was
 * written. The generator is seeded (a failure replays); raw HTTP/1.1 over a socket, so that nothing between
 * the generator and the service corrects a request.
 * <p>
 * Not jqwik: its engine (1.x) is built for the JUnit Platform 1.x, while Quarkus 3.32 tests run on JUnit 6,
 * and the project's enforcer requires converging dependencies; a seeded {@link Random} over corpora of known
 * bad values does the generating.
 */
public final class OpenApiFuzz {

    /** One request's answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What a run found: requests by status, and every answer that broke the contract. */
    public record Report(String service, int requests, Map<Integer, Integer> byStatus, List<String> violations) {
        public String summary() {
            return "fuzz " + service + ": " + requests + " requests, by status " + byStatus + ", " + violations.size() + " violations";
        }

        /** Prints the figures (they go into docs/benchmarks.md) and fails on any violation or too small a run. */
        public Report assertClean(int minRequests) {
            System.out.println(summary());
            violations.forEach(v -> System.out.println("  violation: " + v));
            if (!violations.isEmpty() || requests < minRequests) {
                throw new AssertionError(summary() + (requests < minRequests ? " (fewer than " + minRequests + " requests)" : "") + "\n"
                        + String.join("\n", violations.subList(0, Math.min(40, violations.size()))));
            }
            return this;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generated values per field and kind, on top of the fixed corpora. */
    private static final int RANDOM_TEXTS = 40;
    private static final int RANDOM_NUMBERS = 8;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LONG = "x".repeat(100_000);

    /** Strings that no field takes: blank in every kind of space, invisible or control characters, far too long. */
    private static final List<String> BAD_STRINGS = List.of("", " ", "\u00a0\u00a0\u00a0", "\u3000", "\u202eabc\u202c", "a\u200bb",
            "\u0000", "x\u0007y", "\ufeff", "\t\r\n", "\u2028", "\udb80\udc00", LONG.substring(0, 5_000));
    /** Strings that are text, but awkward: where they are taken, they must be taken whole (query values). */
    private static final List<String> ODD_STRINGS = List.of("\ud83d\ude00", "../../../../etc/passwd", "<script>alert(1)</script>",
            "' OR '1'='1", "${jndi:ldap://x}", "NaN", "-1", "99999999999999999999999999999", "2021-13-45T25:61:61Z", "not-an-enum", "ｱｲｳ");
    private static final List<JsonNode> BAD_NUMBERS = List.of(NODES.numberNode(new java.math.BigInteger("100000000000000000000000000000")),
            NODES.numberNode(new java.math.BigInteger("9223372036854775808")), NODES.numberNode(-1), NODES.numberNode(1.5),
            NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(-9223372036854775807L - 1));
    private static final List<String> BAD_PATH_VALUES = List.of("0", "-1", "abc", "1.5", "9223372036854775808", "..%2F..%2Fetc%2Fpasswd",
            "%00", "%E2%80%AE", "%F0%9F%98%80", "x".repeat(3_000), "%252e%252e", "null", "undefined");

    private final String service;
    private final int port;
    private final String goodToken;
    private final Random random;
    private final Map<String, JsonNode> examples = new LinkedHashMap<>();
    private final Map<String, String> pathValues = new LinkedHashMap<>();
    private JsonNode doc;
    /** The operation being fuzzed: every error status it answers must be in its documented responses. */
    private JsonNode currentOp;
    private String currentTemplate;
    private final java.util.Set<String> undocumented = new java.util.TreeSet<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int requests;

    /**
     * @param goodToken a token that may call every operation (to get past authentication to the validation)
     */
    public OpenApiFuzz(String service, int port, String goodToken, long seed) {
        this.service = service;
        this.port = port;
        this.goodToken = goodToken;
        this.random = new Random(seed);
    }

    /**
     * A valid body for one operation, where the document's example cannot be valid here (a signed QR code, a
     * venue that exists): each mutation then makes exactly one field wrong.
     */
    public OpenApiFuzz example(String method, String path, String json) {
        examples.put(method.toUpperCase(Locale.ROOT) + " " + path, readJson(json));
        return this;
    }

    /** The value of a path parameter that names something that exists (default 1), so that body checks are reached. */
    public OpenApiFuzz pathValue(String parameter, String value) {
        pathValues.put(parameter, value);
        return this;
    }

    /** Runs every generated request; {@code probe} reads what the service has stored (compared before and after). */
    public Report run(Supplier<Object> probe) {
        Object before = probe.get();
        String text = send("GET", "/q/openapi?format=json", Map.of("Accept", "application/json"), null).body();
        doc = readJson(text);
        validDocument(text);
        securitySchemesAreDeclared();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    currentOp = op.getValue();
                    currentTemplate = path.getKey();
                    operation(doc, path.getKey(), method, op.getValue());
                    currentOp = null;
                }
            }
        }
        httpLayer();
        undocumentedMethods();
        undocumented.forEach(u -> violations.add("answered but not documented: " + u));
        Object after = probe.get();
        if (!before.equals(after)) {
            violations.add("the store changed during the run of refused requests: " + before + " -> " + after);
        }
        examplesAnswerAsDocumented();
        return new Report(service, requests, byStatus, violations);
    }

    /** The document as a well-kept parser (swagger-parser) reads it: no errors, no warnings. */
    private void validDocument(String text) {
        io.swagger.v3.parser.core.models.ParseOptions options = new io.swagger.v3.parser.core.models.ParseOptions();
        options.setResolve(true);
        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(text, null, options);
        if (parsed.getOpenAPI() == null) {
            violations.add("the OpenAPI document does not parse");
        }
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(m -> violations.add("OpenAPI document: " + m));
        }
    }

    /**
     * Each operation's documented example (or the test's valid stand-in), sent as documented: answered with a
     * documented success. GETs with the test's path values too. After the refused run: these write.
     */
    private void examplesAnswerAsDocumented() {
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String method = entry.getKey().toUpperCase(Locale.ROOT);
            JsonNode op = entry.getValue();
            String type = requestContentType(op);
            List<String> params = new ArrayList<>();
            for (JsonNode p : op.path("parameters")) {
                if (p.path("in").asText().equals("path")) {
                    params.add(p.path("name").asText());
                }
            }
            boolean known = params.stream().allMatch(pathValues::containsKey);
            JsonNode example = examples.get(method + " " + path.getKey());
            if (example == null && type != null && type.contains("json")) {
                example = documentedExample(op, type);
            }
            boolean send = known && (method.equals("GET") || example != null);
            if (!send || (type != null && !type.contains("json"))) {
                return;
            }
            Map<String, String> h = authorised(type);
            h.put("Accept", "*/*");
            Answer a = send(method, fill(path.getKey(), params), h, example == null ? null : example.toString());
            requests++;
            byStatus.merge(a.status(), 1, Integer::sum);
            if (a.status() >= 300 || !op.path("responses").has(String.valueOf(a.status()))) {
                violations.add(method + " " + path.getKey() + " with its example -> " + a.status() + " (documented: "
                        + fieldNames(op.path("responses")) + "): " + abbreviate(a.body()));
            }
        }));
    }

    private static JsonNode documentedExample(JsonNode op, String type) {
        for (JsonNode ex : op.path("requestBody").path("content").path(type).path("examples")) {
            JsonNode value = ex.path("value");
            try {
                return value.isTextual() ? JSON.readTree(value.asText()) : value.isMissingNode() ? null : value;
            } catch (IOException e) {
                return value;
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A client generated from the document must find every scheme its operations name. */
    private void securitySchemesAreDeclared() {
        JsonNode declared = doc.path("components").path("securitySchemes");
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            for (JsonNode requirement : op.getValue().path("security")) {
                requirement.fieldNames().forEachRemaining(name -> {
                    if (!declared.has(name)) {
                        violations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " names the security scheme '" + name
                                + "', which the document does not declare (declared: " + declared.properties().stream().map(Map.Entry::getKey).toList() + ")");
                    }
                });
            }
        }));
    }

    private void operation(JsonNode doc, String template, String method, JsonNode op) {
        boolean writes = !method.equals("GET");
        boolean html = producesHtml(op);
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            (p.path("in").asText().equals("path") ? pathParams : queryParams).add(p.path("name").asText());
        }
        String contentType = requestContentType(op);
        JsonNode schema = contentType == null ? null : resolve(doc, op.path("requestBody").path("content").path(contentType).path("schema"));
        JsonNode example = examples.containsKey(method + " " + template) ? examples.get(method + " " + template)
                : example(doc, op, contentType, schema);
        String goodPath = fill(template, pathParams);

        // Bad path values (the body, if any, is the documented example: the path alone is wrong).
        for (String param : pathParams) {
            for (String bad : BAD_PATH_VALUES) {
                String path = template.replace("{" + param + "}", bad);
                path = fill(path, pathParams);
                check(method, path, html, writes, authorised(contentType), example == null ? null : example.toString(), true);
            }
        }
        // Bad query values.
        for (String param : queryParams) {
            List<String> values = new ArrayList<>(pick(BAD_PATH_VALUES, 5));
            for (String odd : pick(ODD_STRINGS, 8)) {
                values.add(java.net.URLEncoder.encode(odd, StandardCharsets.UTF_8));
            }
            for (String bad : values) {
                check(method, goodPath + "?" + param + "=" + bad, html, writes, authorised(contentType), example == null ? null : example.toString(),
                        writes && !pathParams.isEmpty());
            }
        }
        // No token, a garbage token, an expired-looking JWT.
        for (String auth : List.of("", "Bearer garbage", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Basic YWRtaW46YWRtaW4=")) {
            Map<String, String> h = new LinkedHashMap<>();
            if (!auth.isEmpty()) {
                h.put("Authorization", auth);
            }
            if (contentType != null) {
                h.put("Content-Type", contentType);
            }
            // Public operations may answer; any that writes must not have written (the probe) nor crashed.
            Answer a = send(method, goodPath, h, writes && example != null ? "{}" : null);
            record(method, goodPath, a, html, false);
            if (auth.isEmpty()) {
                boolean secured = op.path("security").isArray() && !op.path("security").isEmpty();
                if (secured != (a.status() == 401)) {
                    violations.add(method + " " + template + ": documented as " + (secured ? "needing" : "not needing")
                            + " a token, but without one it answers " + a.status());
                }
            }
        }
        if (contentType == null || !contentType.contains("json")) {
            if (contentType != null) {
                for (String body : List.of("", "%%%", "a=" + LONG.substring(0, 3_000), "\u0000\u0001")) {
                    check(method, goodPath, html, writes, authorised(contentType), body, true);
                }
            }
            return;
        }
        boolean bodyRequired = op.path("requestBody").path("required").asBoolean(false);
        for (String body : bodies(example, schema)) {
            if (!bodyRequired && (body.isEmpty() || body.equals("null"))) {
                continue; // an optional body may be left out
            }
            check(method, goodPath, html, writes, authorised(contentType), body, true);
        }
        // The documented example under the wrong content types.
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            Map<String, String> h = authorised(type);
            Answer a = send(method, goodPath, h, example == null ? "{}" : example.toString());
            record(method, goodPath + " as " + type, a, html, true);
        }
    }

    /** Every body here is invalid, one mutation of the documented example at a time. */
    private List<String> bodies(JsonNode example, JsonNode schema) {
        List<String> out = new ArrayList<>(List.of("", "null", "[]", "[{}]", "\"text\"", "42", "true", "{", "{\"a\":", "{}{}", "{} trailing",
                "{\"\u0000\":1}", "\u00ef\u00bb\u00bf{}", "{\"" + LONG + "\":1}", "[" + "[".repeat(5_000) + "]".repeat(5_000) + "]",
                "{\"unknownField\":1}"));
        if (!(example instanceof ObjectNode obj)) {
            return out;
        }
        List<String> fields = new ArrayList<>();
        obj.fieldNames().forEachRemaining(fields::add);
        if (schema != null) {
            schema.path("properties").fieldNames().forEachRemaining(f -> {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            });
        }
        ObjectNode unknown = obj.deepCopy();
        unknown.put("unknownField", 1);
        out.add(unknown.toString());
        out.add(obj.deepCopy().put("status", "SUSPENDED").put("id", 5).toString());
        for (String f : fields) {
            // A field the example leaves out gets a stand-in of its documented type, so that only wrong values follow.
            JsonNode original = obj.has(f) ? obj.get(f) : schema == null ? null : standIn(resolveIn(schema, f));
            // Repeated key: the field twice (a field the example leaves out is added twice).
            ObjectNode withField = obj.deepCopy();
            withField.set(f, original == null ? NODES.numberNode(1) : original);
            String text = withField.toString();
            out.add(text.substring(0, text.length() - 1) + ",\"" + f + "\":" + (original == null ? "1" : original) + "}");
            List<JsonNode> wrong = new ArrayList<>();
            if (original == null || !original.isBoolean()) {
                wrong.add(NODES.booleanNode(true));
            }
            if (original == null || !original.isArray()) {
                wrong.add(NODES.arrayNode());
            }
            if (original == null || !original.isObject()) {
                wrong.add(NODES.objectNode());
            }
            if (original == null || original.isTextual()) {
                wrong.add(NODES.numberNode(5));
                wrong.addAll(pick(BAD_NUMBERS, 2));
                for (String s : BAD_STRINGS) {
                    wrong.add(NODES.textNode(s));
                }
                for (int i = 0; i < RANDOM_TEXTS; i++) {
                    wrong.add(NODES.textNode(randomInvalidText()));
                }
                wrong.add(NODES.textNode(LONG));
            } else if (original.isNumber()) {
                wrong.add(NODES.textNode(original.asText()));
                wrong.addAll(BAD_NUMBERS);
                for (int i = 0; i < RANDOM_NUMBERS; i++) {
                    wrong.add(NODES.numberNode(new java.math.BigInteger(64 + random.nextInt(100), random).add(java.math.BigInteger.ONE.shiftLeft(63))
                            .multiply(java.math.BigInteger.valueOf(random.nextBoolean() ? 1 : -1))));
                }
            } else if (original.isArray()) {
                ArrayNode arr = NODES.arrayNode();
                arr.add(NODES.nullNode());
                wrong.add(arr);
                wrong.add(NODES.textNode("x"));
                ArrayNode huge = NODES.arrayNode();
                for (int i = 0; i < 2_000; i++) {
                    huge.add(original.isEmpty() ? NODES.numberNode(i) : original.get(0));
                }
                wrong.add(huge);
            } else if (original.isObject()) {
                wrong.add(NODES.textNode("x"));
                ObjectNode extra = original.deepCopy();
                extra.put("unknownField", "x");
                wrong.add(extra);
                for (Iterator<String> it = original.fieldNames(); it.hasNext();) {
                    String inner = it.next();
                    List<JsonNode> values = new ArrayList<>(List.of(NODES.numberNode(5), NODES.textNode("\u202e"), NODES.arrayNode()));
                    for (int i = 0; i < RANDOM_TEXTS / 4; i++) {
                        values.add(NODES.textNode(randomInvalidText()));
                    }
                    for (JsonNode v : values) {
                        ObjectNode nested = original.deepCopy();
                        nested.set(inner, v);
                        wrong.add(nested);
                    }
                }
            } else if (original.isBoolean()) {
                wrong.add(NODES.textNode("true"));
                wrong.add(NODES.numberNode(1));
            }
            for (JsonNode w : wrong) {
                ObjectNode mutated = obj.deepCopy();
                mutated.set(f, w);
                out.add(mutated.toString());
            }
        }
        return out;
    }

    /** A method a documented path does not take: 405 naming the ones it takes, not 404. */
    private void undocumentedMethods() {
        doc.path("paths").fields().forEachRemaining(path -> {
            String method = !path.getValue().has("put") ? "PUT" : !path.getValue().has("delete") ? "DELETE" : null;
            if (method == null) {
                return;
            }
            String p = path.getKey().replaceAll("\\{[^}]+}", "1");
            Answer a = send(method, p, Map.of("Authorization", "Bearer " + goodToken, "Content-Type", "application/json"), "{}");
            record(method, p + " (not documented)", a, false, true);
            if (a.status() != 405 || a.header("allow") == null) {
                violations.add(method + " " + p + " -> " + a.status() + ": a method the path does not take is 405 with Allow (got "
                        + a.header("allow") + ")");
            }
        });
    }

    /** The HTTP layer, before any resource runs: the same for every service. */
    private void httpLayer() {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + goodToken);
        record("GET", "/no/such/path", send("GET", "/no/such/path", auth, null), false, true);
        record("GET", "/api/v1/no-such-thing", send("GET", "/api/v1/no-such-thing", Map.of(), null), false, true);
        record("GET", "malformed escape", send("GET", "/api/v1/venues/4433%", auth, null), false, true);
        record("GET", "malformed escape in query", send("GET", "/api/v1/venues?q=%zz", auth, null), false, true);
        record("GET", "40 KB query", send("GET", "/q/health?x=" + "a".repeat(40_000), Map.of(), null), false, true);
        record("GET", "traversal", send("GET", "/../../etc/passwd", Map.of(), null), false, true);
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            many.put("X-Fuzz-" + i, "v" + i);
        }
        record("GET", "10,000 headers", send("GET", "/q/health", many, null), false, true);
        record("GET", "a 16 KB header", send("GET", "/q/health", Map.of("X-Big", "b".repeat(16_500)), null), false, true);
        record("DELETE", "/q/health", send("DELETE", "/q/health", Map.of(), null), false, true);
        record("POST", "/q/metrics", send("POST", "/q/metrics", Map.of("Content-Type", "application/json"), "{}"), false, true);
        // Declared larger than any limit; the body is not sent (the answer comes first).
        record("POST", "body over the limit", sendRaw("POST /api/v1/venues HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 999999999\r\nConnection: close\r\n\r\n{"), false, true);
        record("POST", "form over the limit", sendRaw("POST /q/some-token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 40000\r\nConnection: close\r\n\r\n" + "a".repeat(40_000)), false, true);
    }

    private void check(String method, String path, boolean html, boolean writes, Map<String, String> headers, String body, boolean mustRefuse) {
        Answer a = send(method, path, headers, body);
        record(method, path + (body == null ? "" : " " + abbreviate(body)), a, html, mustRefuse && writes);
    }

    private void record(String method, String what, Answer a, boolean htmlAllowed, boolean mustRefuse) {
        requests++;
        byStatus.merge(a.status(), 1, Integer::sum);
        String where = method + " " + abbreviate(what) + " -> " + a.status() + ": ";
        if (!"nosniff".equals(a.header("x-content-type-options")) && a.status() != 0) {
            violations.add(where + "no X-Content-Type-Options: nosniff");
        }
        if (a.status() >= 500 || a.status() < 100) {
            violations.add(where + "server error " + abbreviate(a.body()));
            return;
        }
        if (mustRefuse && a.status() < 400 && !refusedItemByItem(a)) {
            violations.add(where + "an invalid write was accepted");
        }
        if (a.body().contains("\tat ") || a.body().contains("Exception") && !a.body().contains("\"")) {
            violations.add(where + "a stack trace in the answer");
        }
        if (a.status() >= 400 && currentOp != null && !currentOp.path("responses").has(String.valueOf(a.status()))) {
            undocumented.add(method + " " + currentTemplate + " " + a.status());
        }
        if (a.status() >= 400) {
            String type = a.header("content-type");
            if (type != null && type.startsWith("text/html") && htmlAllowed) {
                return;
            }
            if (type == null || !type.startsWith("application/problem+json")) {
                violations.add(where + "not a problem (" + type + "): " + abbreviate(a.body()));
                return;
            }
            try {
                JsonNode p = JSON.readTree(a.body());
                if (p.path("status").asInt() != a.status() || !p.hasNonNull("title")) {
                    violations.add(where + "problem without matching status and title: " + abbreviate(a.body()));
                }
            } catch (IOException e) {
                violations.add(where + "problem body is not JSON: " + abbreviate(a.body()));
            }
        }
    }

    /** A batch answers 200 with a result per item: refused when it accepted none. */
    private static boolean refusedItemByItem(Answer a) {
        try {
            JsonNode body = JSON.readTree(a.body());
            return body != null && body.has("accepted") && body.path("accepted").asInt(-1) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, String> authorised(String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + goodToken);
        h.put("Accept", "application/json");
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return h;
    }

    private static boolean producesHtml(JsonNode op) {
        for (JsonNode response : op.path("responses")) {
            if (response.path("content").has("text/html")) {
                return true;
            }
        }
        return false;
    }

    private static String requestContentType(JsonNode op) {
        JsonNode content = op.path("requestBody").path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return null;
        }
        if (content.has("application/json")) {
            return "application/json";
        }
        return content.fieldNames().next();
    }

    private static JsonNode example(JsonNode doc, JsonNode op, String contentType, JsonNode schema) {
        if (contentType == null) {
            return null;
        }
        JsonNode media = op.path("requestBody").path("content").path(contentType);
        for (JsonNode ex : media.path("examples")) {
            JsonNode value = ex.path("value");
            if (value.isTextual()) {
                try {
                    return JSON.readTree(value.asText());
                } catch (IOException e) {
                    return value;
                }
            }
            if (!value.isMissingNode()) {
                return value;
            }
        }
        // No example: an object of the schema's properties, each from its own example or a plausible value.
        ObjectNode built = NODES.objectNode();
        if (schema != null) {
            schema.path("properties").fields().forEachRemaining(e -> {
                JsonNode prop = resolve(doc, e.getValue());
                JsonNode ex = prop.path("examples").isArray() && !prop.path("examples").isEmpty() ? prop.path("examples").get(0) : prop.path("example");
                built.set(e.getKey(), ex.isMissingNode() ? plausible(prop) : ex);
            });
        }
        return built;
    }

    private JsonNode resolveIn(JsonNode schema, String field) {
        JsonNode prop = schema.path("properties").path(field);
        return doc == null ? prop : resolve(doc, prop);
    }

    private static JsonNode standIn(JsonNode prop) {
        if (prop.has("properties") || prop.path("type").asText().equals("object")) {
            ObjectNode o = NODES.objectNode();
            prop.path("properties").fieldNames().forEachRemaining(n -> o.set(n, plausible(prop.path("properties").path(n))));
            return o;
        }
        return plausible(prop);
    }

    private static JsonNode plausible(JsonNode prop) {
        return switch (prop.path("type").asText()) {
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> NODES.arrayNode();
            case "object" -> NODES.objectNode();
            default -> prop.path("enum").isArray() && !prop.path("enum").isEmpty() ? prop.path("enum").get(0) : NODES.textNode("text");
        };
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        if (ref == null || !ref.startsWith("#/")) {
            return schema;
        }
        JsonNode n = doc;
        for (String part : ref.substring(2).split("/")) {
            n = n.path(part);
        }
        return n;
    }

    private String fill(String template, List<String> params) {
        String p = template;
        for (String name : params) {
            p = p.replace("{" + name + "}", pathValues.getOrDefault(name, "1"));
        }
        return p;
    }

    /** Characters a person might type or paste (Latin, Vietnamese, CJK, emoji), and one that no text field takes. */
    private String randomInvalidText() {
        int[][] ranges = { { 0x20, 0x7e }, { 0xc0, 0x1ef9 }, { 0x4e00, 0x4fff }, { 0x1f600, 0x1f64f } };
        int[] hidden = { 0x0, 0x7, 0x1b, 0x7f, 0x200b, 0x200e, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff, 0x2028, 0xe000, 0xf0000 };
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(120);
        for (int i = 0; i < length; i++) {
            int[] r = ranges[random.nextInt(ranges.length)];
            sb.appendCodePoint(r[0] + random.nextInt(r[1] - r[0] + 1));
        }
        // Inside the text: at either end, a separator is trimmed like any white space.
        sb.insert(0, 'A').append('z');
        int at = sb.offsetByCodePoints(0, 1 + random.nextInt(sb.codePointCount(0, sb.length()) - 1));
        return sb.insert(at, Character.toChars(hidden[random.nextInt(hidden.length)])).toString();
    }

    private <T> List<T> pick(List<T> from, int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(from.get(random.nextInt(from.size())));
        }
        return out;
    }

    /** One request as raw HTTP/1.1 on a fresh connection; the path is sent exactly as given. */
    public Answer send(String method, String path, Map<String, String> headers, String body) {
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (payload != null) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.UTF_8), payload);
    }

    Answer sendRaw(String request) {
        return exchange(request.getBytes(StandardCharsets.UTF_8), null);
    }

    private Answer exchange(byte[] head, byte[] payload) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                if (payload != null) {
                    out.write(payload);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before a large body is sent: read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) > 0;) {
                buf.write(chunk, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset after the answer (a body the server did not read): keep what arrived
        }
        return buf.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(0, Map.of(), "no answer (" + raw.length + " bytes)");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] bodyBytes = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            bodyBytes = dechunk(bodyBytes);
        }
        return new Answer(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int lineEnd = indexOf(in, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(in, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(in, start, Math.min(size, in.length - start));
            i = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() > 260 ? one.substring(0, 80) + "…" + one.substring(one.length() - 160) + " (" + one.length() + " chars)" : one;
    }
}
