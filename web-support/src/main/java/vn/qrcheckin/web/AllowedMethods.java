package vn.qrcheckin.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.quarkus.runtime.StartupEvent;

/**
 * Which methods each path of this service's REST resources takes, read once from the resources themselves,
 * so that a method a path does not take is answered 405 with {@code Allow} (RFC 9110), not 404: RESTEasy
 * answers 404 when the path's other methods live in another resource class, and its own 405 names none.
 */
@Singleton
public class AllowedMethods {

    private record Route(Pattern path, String method) {
    }

    private volatile List<Route> routes = List.of();

    void read(@Observes StartupEvent start, BeanManager beans) {
        List<Route> found = new ArrayList<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : type.getMethods()) {
                String verb = httpMethod(m);
                if (verb != null) {
                    Path sub = m.getAnnotation(Path.class);
                    found.add(new Route(template(root.value() + (sub == null ? "" : "/" + sub.value())), verb));
                }
            }
        }
        routes = List.copyOf(found);
    }

    /**
     * The {@code Allow} value when a resource serves the path but not with this method (405), else null (404, or
     * nothing to say).
     */
    public String allowIfNotAllowed(String path, String method) {
        Set<String> allowed = allowed(path);
        return allowed.isEmpty() || allowed.contains(method) ? null : String.join(", ", allowed);
    }

    /** The methods the path takes (with HEAD where it takes GET), or empty when no resource has the path. */
    public Set<String> allowed(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route r : routes) {
            if (r.path().matcher(path).matches()) {
                methods.add(r.method());
                if (r.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        return methods;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** {@code /api/v1/venues/{id}/qr.png} as a pattern: each parameter one path segment. */
    static Pattern template(String path) {
        String normal = ("/" + path).replaceAll("/+", "/");
        if (normal.length() > 1 && normal.endsWith("/")) {
            normal = normal.substring(0, normal.length() - 1);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : normal.split("(?=\\{)|(?<=})")) {
            if (part.startsWith("{") && part.endsWith("}")) {
                int colon = part.indexOf(':');
                regex.append(colon > 0 ? part.substring(colon + 1, part.length() - 1).strip() : "[^/]+");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return Pattern.compile(regex + "/?");
    }
}
