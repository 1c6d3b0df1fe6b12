package io.leadhub.support;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every HTTP endpoint the running hub serves under {@code /api/v1}, found generically: the Spring
 * MVC handler mappings (every {@code @RequestMapping} of every controller) and Camel's
 * platform-http consumers (REST DSL and {@code from: platform-http:} routes). An endpoint added by
 * any branch shows up here without editing a test.
 */
public final class ApiEndpoints {
    public static final String PREFIX = "/api/v1";

    private ApiEndpoints() {}

    /** One method and path template, e.g. {@code GET /api/v1/orgs/{org}/leads/{lead}}. */
    public record Endpoint(String method, String path) implements Comparable<Endpoint> {
        @Override
        public int compareTo(Endpoint o) {
            int c = path.compareTo(o.path);
            return c != 0 ? c : method.compareTo(o.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public static Set<Endpoint> served(ApplicationContext context, CamelContext camel) {
        Set<Endpoint> out = new TreeSet<>();
        for (RequestMappingHandlerMapping mapping :
                context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (!pattern.startsWith(PREFIX + "/")) continue;
                    if (methods.isEmpty()) {
                        throw new IllegalStateException(
                                pattern + " accepts every HTTP method; declare the methods it serves");
                    }
                    for (RequestMethod m : methods) out.add(new Endpoint(m.name(), normalize(pattern)));
                }
            }
        }
        PlatformHttpComponent platformHttp = camel.getComponent("platform-http", PlatformHttpComponent.class);
        if (platformHttp != null) {
            for (HttpEndpointModel model : platformHttp.getHttpEndpoints()) {
                String uri = model.getUri();
                if (!uri.startsWith(PREFIX + "/")) continue;
                String verbs = model.getVerbs();
                if (verbs == null || verbs.isBlank()) {
                    throw new IllegalStateException(
                            uri + " (Camel) accepts every HTTP method; declare the methods it serves");
                }
                for (String v : verbs.split(","))
                    out.add(new Endpoint(v.trim().toUpperCase(Locale.ROOT), normalize(uri)));
            }
        }
        return out;
    }

    private static String normalize(String path) {
        String p = path.replaceAll("\\{([^}:]+)(:[^}]*)?}", "{$1}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
