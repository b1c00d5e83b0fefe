package vn.qrcheckin.gateway.openapi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Merges the services' OpenAPI documents into the one the gateway serves (pure: no I/O).
 * <ul>
 * <li>paths: only those the gateway routes to the service that documents them (DESIGN.md's route table); venue's
 * {@code /api/v1/internal} and every {@code /q/health}-like path of the gateway's own stay out;</li>
 * <li>components: a same-named component equal in every service is kept once; a different one keeps its name in the
 * first service (venue, checkin, tracing, report) and is renamed with the service's prefix elsewhere
 * ({@code TracingVenue}), with that service's {@code $ref}s rewritten; components no kept path reaches are left out;</li>
 * <li>security: one scheme {@code oauth2} (client credentials for the apps, the authorization code flow for staff),
 * replacing each service's own bearer / OpenID Connect scheme in every operation's {@code security}; the roles the
 * services named there as scopes (roles are not OAuth2 scopes) move to the operation's {@code x-roles};</li>
 * <li>services that could not be read are listed in {@code x-unavailable} and in the description.</li>
 * </ul>
 */
public final class OpenApiMerger {

    /** The services in the order their names win a collision. */
    public static final List<String> SERVICES = List.of("venue", "checkin", "tracing", "report");

    /** DESIGN.md "Routes": the prefixes the gateway sends to each service. */
    private static final Map<String, List<String>> PREFIXES = Map.of(
            "venue", List.of("/api/v1/venues", "/api/v1/admin-units", "/api/v1/qr-keys", "/api/v1/public/"),
            "checkin", List.of("/api/v1/checkins", "/api/v1/scans", "/api/v1/logbook", "/api/v1/person-cards", "/q/"),
            "tracing", List.of("/api/v1/tracing/", "/api/v1/exposure-sites"),
            "report", List.of("/api/v1/reports/", "/dashboard"));

    /** The gateway's own endpoints under /q/ (and the services' own, which it never routes). */
    private static final Pattern OWN = Pattern.compile("/q/(health|metrics|openapi|swagger-ui|dev|dev-ui)(/.*)?");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String COMPONENTS = "#/components/";
    public static final String SCHEME = "oauth2";

    /** Where the OAuth2 flows go: the OIDC provider's endpoints. */
    public record OAuthUrls(String authorizationUrl, String tokenUrl) {

        /** Keycloak's (and Quarkus's) fixed paths under a realm URL, e.g. {@code http://127.0.0.1:8180/realms/qrcheckin}. */
        public static OAuthUrls keycloak(String realmUrl) {
            String base = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
            return new OAuthUrls(base + "/protocol/openid-connect/auth", base + "/protocol/openid-connect/token");
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OpenApiMerger() {
    }

    /** Whether the gateway routes {@code path} (an OpenAPI path template) to {@code service}. */
    public static boolean routed(String service, String path) {
        if (OWN.matcher(path).matches() || path.startsWith("/api/v1/internal")) {
            return false;
        }
        String owner = null;
        for (String s : SERVICES) {
            for (String prefix : PREFIXES.get(s)) {
                boolean match = prefix.endsWith("/") ? path.startsWith(prefix) && path.length() > prefix.length()
                        : path.equals(prefix) || path.startsWith(prefix + "/");
                if (match) {
                    owner = s;
                }
            }
        }
        return service.equals(owner);
    }

    /**
     * @param docs        each readable service's document, by service name
     * @param unavailable each service that could not be read, with why
     */
    public static ObjectNode merge(Map<String, JsonNode> docs, Map<String, String> unavailable, OAuthUrls oauth) {
        Map<String, ObjectNode> kept = new LinkedHashMap<>();
        for (String s : SERVICES) {
            if (docs.get(s) instanceof ObjectNode d) {
                kept.put(s, keepRoutedPaths(s, d.deepCopy()));
            }
        }
        Map<String, Map<String, String>> renames = renames(kept);

        ObjectNode out = F.objectNode();
        out.put("openapi", openapiVersion(kept.values()));
        ObjectNode info = out.putObject("info");
        info.put("title", "qrcheckin API");
        info.put("version", "1.0.0");
        StringBuilder description = new StringBuilder(
                "Every public operation of the qrcheckin suite, through the gateway (one document merged from the services'"
                        + " own). Sign in with \"Authorize\": client credentials for the national apps, the authorization code"
                        + " flow for staff. Each operation's x-roles names the roles (realm roles, token claim groups or"
                        + " realm_access.roles) that may call it.");
        if (!unavailable.isEmpty()) {
            description.append("\n\n**Incomplete:** the operations of ").append(String.join(", ", unavailable.keySet()))
                    .append(" are missing (the service could not be read; see x-unavailable). Reload later.");
        }
        info.put("description", description.toString());

        ObjectNode paths = out.putObject("paths");
        ObjectNode components = F.objectNode();
        Set<String> usedTags = new LinkedHashSet<>();
        for (Map.Entry<String, ObjectNode> e : kept.entrySet()) {
            String s = e.getKey();
            ObjectNode doc = e.getValue();
            Map<String, String> refs = renames.get(s);
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                if (paths.has(p.getKey())) {
                    continue; // routed to one service only: cannot happen unless two documents claim one path
                }
                JsonNode item = rewrite(p.getValue(), refs);
                secure(item, usedTags);
                paths.set(p.getKey(), item);
            }
            for (Iterator<Map.Entry<String, JsonNode>> types = doc.path("components").fields(); types.hasNext();) {
                Map.Entry<String, JsonNode> type = types.next();
                if (type.getKey().equals("securitySchemes") || !type.getValue().isObject()) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = type.getValue().fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> c = it.next();
                    String ref = COMPONENTS + type.getKey() + "/" + c.getKey();
                    String target = refs.getOrDefault(ref, ref);
                    String name = target.substring(target.lastIndexOf('/') + 1);
                    ObjectNode section = components.has(type.getKey()) ? (ObjectNode) components.get(type.getKey())
                            : components.putObject(type.getKey());
                    if (!section.has(name)) {
                        section.set(name, rewrite(c.getValue(), refs));
                    }
                }
            }
        }
        prune(paths, components);
        components.set("securitySchemes", F.objectNode().set(SCHEME, scheme(oauth)));
        out.set("components", components);

        ArrayNode tags = F.arrayNode();
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectNode doc : kept.values()) {
            for (JsonNode t : doc.path("tags")) {
                String name = t.path("name").asText();
                if (usedTags.contains(name) && seen.add(name)) {
                    tags.add(t);
                }
            }
        }
        for (String name : usedTags) {
            if (seen.add(name)) {
                tags.addObject().put("name", name);
            }
        }
        out.set("tags", tags);
        if (!unavailable.isEmpty()) {
            ArrayNode list = out.putArray("x-unavailable");
            unavailable.forEach((s, why) -> list.addObject().put("service", s).put("detail", why));
        }
        return out;
    }

    private static String openapiVersion(Iterable<ObjectNode> docs) {
        for (ObjectNode d : docs) {
            if (d.path("openapi").isTextual()) {
                return d.path("openapi").asText();
            }
        }
        return "3.1.0";
    }

    private static ObjectNode keepRoutedPaths(String service, ObjectNode doc) {
        if (doc.path("paths") instanceof ObjectNode paths) {
            paths.properties().removeIf(p -> !routed(service, p.getKey()));
        }
        return doc;
    }

    /**
     * Per service, the refs of its components that must take another name: to a fixed point, since a component equal
     * in two services stops being equal once a component it refers to is renamed in one of them.
     */
    private static Map<String, Map<String, String>> renames(Map<String, ObjectNode> docs) {
        Map<String, Map<String, String>> renames = new LinkedHashMap<>();
        Set<String> taken = new TreeSet<>();
        docs.forEach((s, d) -> {
            renames.put(s, new LinkedHashMap<>());
            d.path("components").fields().forEachRemaining(t -> t.getValue().fieldNames()
                    .forEachRemaining(n -> taken.add(t.getKey() + "/" + n)));
        });
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, JsonNode> first = new LinkedHashMap<>();
            for (Map.Entry<String, ObjectNode> e : docs.entrySet()) {
                String s = e.getKey();
                Map<String, String> refs = renames.get(s);
                for (Iterator<Map.Entry<String, JsonNode>> types = e.getValue().path("components").fields(); types.hasNext();) {
                    Map.Entry<String, JsonNode> type = types.next();
                    if (type.getKey().equals("securitySchemes")) {
                        continue;
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> it = type.getValue().fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> c = it.next();
                        String ref = COMPONENTS + type.getKey() + "/" + c.getKey();
                        if (refs.containsKey(ref)) {
                            continue;
                        }
                        JsonNode node = rewrite(c.getValue(), refs);
                        JsonNode earlier = first.putIfAbsent(ref, node);
                        if (earlier != null && !earlier.equals(node)) {
                            String prefix = Character.toUpperCase(s.charAt(0)) + s.substring(1);
                            String name = prefix + c.getKey();
                            for (int i = 2; !taken.add(type.getKey() + "/" + name); i++) {
                                name = prefix + c.getKey() + i;
                            }
                            refs.put(ref, COMPONENTS + type.getKey() + "/" + name);
                            changed = true;
                        }
                    }
                }
            }
        }
        return renames;
    }

    /** A copy of {@code node} with its component refs renamed ($ref values and discriminator mappings). */
    static JsonNode rewrite(JsonNode node, Map<String, String> refs) {
        JsonNode copy = node.deepCopy();
        if (!refs.isEmpty()) {
            rewriteInPlace(copy, refs, false);
        }
        return copy;
    }

    private static void rewriteInPlace(JsonNode node, Map<String, String> refs, boolean mapping) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> f : o.properties()) {
                JsonNode v = f.getValue();
                if (v.isTextual() && (f.getKey().equals("$ref") || mapping) && refs.containsKey(v.asText())) {
                    f.setValue(TextNode.valueOf(refs.get(v.asText())));
                } else {
                    rewriteInPlace(v, refs, f.getKey().equals("mapping"));
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(v -> rewriteInPlace(v, refs, false));
        }
    }

    /** Every requirement of an operation becomes the one OAuth2 scheme; the roles move to x-roles. */
    private static void secure(JsonNode item, Set<String> usedTags) {
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!METHODS.contains(m.getKey()) || !(m.getValue() instanceof ObjectNode op)) {
                continue;
            }
            op.path("tags").forEach(t -> usedTags.add(t.asText()));
            if (!(op.get("security") instanceof ArrayNode requirements)) {
                continue;
            }
            ArrayNode secured = F.arrayNode();
            Set<String> roles = new LinkedHashSet<>();
            boolean anonymous = false;
            boolean oauth = false;
            for (JsonNode r : requirements) {
                if (r.isEmpty()) {
                    anonymous = true;
                    continue;
                }
                oauth = true;
                r.fields().forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText())));
            }
            if (oauth) {
                secured.addObject().putArray(SCHEME);
            }
            if (anonymous) {
                secured.addObject();
            }
            op.set("security", secured);
            if (!roles.isEmpty()) {
                ArrayNode x = op.putArray("x-roles");
                roles.forEach(x::add);
            }
        }
    }

    private static ObjectNode scheme(OAuthUrls oauth) {
        ObjectNode scheme = F.objectNode();
        scheme.put("type", "oauth2");
        scheme.put("description", "OAuth2 at the suite's OpenID Connect provider: client credentials for the national apps and"
                + " services, the authorization code flow (with PKCE) for staff in a browser. The services read the roles from"
                + " the token (groups or realm_access.roles) and the area from its \"area\" claim.");
        ObjectNode flows = scheme.putObject("flows");
        flows.putObject("clientCredentials").put("tokenUrl", oauth.tokenUrl()).putObject("scopes");
        flows.putObject("authorizationCode").put("authorizationUrl", oauth.authorizationUrl()).put("tokenUrl", oauth.tokenUrl())
                .putObject("scopes");
        return scheme;
    }

    /** Leaves out the components no kept path reaches (venue's internal snapshot's, for one). */
    private static void prune(ObjectNode paths, ObjectNode components) {
        Set<String> reached = new LinkedHashSet<>();
        List<JsonNode> todo = new ArrayList<>();
        todo.add(paths);
        while (!todo.isEmpty()) {
            JsonNode n = todo.remove(todo.size() - 1);
            collectRefs(n, ref -> {
                if (ref.startsWith(COMPONENTS) && reached.add(ref)) {
                    String[] parts = ref.substring(COMPONENTS.length()).split("/", 2);
                    JsonNode target = parts.length == 2 ? components.path(parts[0]).get(parts[1]) : null;
                    if (target != null) {
                        todo.add(target);
                    }
                }
            }, false);
        }
        for (Iterator<Map.Entry<String, JsonNode>> types = components.fields(); types.hasNext();) {
            Map.Entry<String, JsonNode> type = types.next();
            ((ObjectNode) type.getValue()).properties().removeIf(c -> !reached.contains(COMPONENTS + type.getKey() + "/" + c.getKey()));
            if (type.getValue().isEmpty()) {
                types.remove();
            }
        }
    }

    /** Every component ref under {@code node}: $ref values and discriminator mappings. */
    static void collectRefs(JsonNode node, java.util.function.Consumer<String> sink, boolean mapping) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(f -> {
                if (f.getValue().isTextual() && (f.getKey().equals("$ref") || mapping)) {
                    sink.accept(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), sink, f.getKey().equals("mapping"));
                }
            });
        } else if (node instanceof ArrayNode a) {
            a.forEach(v -> collectRefs(v, sink, false));
        }
    }
}
