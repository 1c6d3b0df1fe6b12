package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * For every request under {@code /sandbox/{vendor}/…} (except the {@code _}-prefixed control
 * endpoints): counts it in the simulator's stats under {@code "<METHOD> <path template>"}, applies
 * the first matching scripted fault, then lets the simulator authenticate / rate-limit it. The
 * second dispatch of an asynchronous answer passes unchecked: its request was counted already.
 */
@Component
@Profile("sandbox")
public class SimulatorInterceptor implements HandlerInterceptor {

    public static final String PREFIX = "/sandbox/";

    private final SimulatorRegistry registry;

    public SimulatorInterceptor(SimulatorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            return true;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String vendor = slash < 0 ? rest : rest.substring(0, slash);
        String relative = slash < 0 ? "/" : rest.substring(slash);
        if (relative.startsWith("/_")) {
            return true;
        }
        VendorSimulator simulator = registry.find(vendor).orElse(null);
        if (simulator == null) {
            return true;
        }
        String template = template(request, relative);
        String method = request.getMethod();
        boolean token = simulator.isTokenEndpoint(method, template);
        simulator.stats().count(method + " " + template, !token);

        FaultRule fault = simulator.faults().consume(method, relative, template, SimulatorBodyCapture.body(request));
        if (fault != null) {
            if (fault.getDelayMs() > 0) {
                try {
                    Thread.sleep(fault.getDelayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (fault.getStatus() != null) {
                writeFault(response, fault);
                return false;
            }
        }
        return simulator.beforeHandle(request, response, template, token);
    }

    /** The matched mapping's path template relative to the simulator root, or the path itself. */
    static String template(HttpServletRequest request, String relative) {
        Object best = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (best != null) {
            String pattern = best.toString();
            if (pattern.startsWith(PREFIX)) {
                String rest = pattern.substring(PREFIX.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && !rest.contains("*")) {
                    String template = rest.substring(slash);
                    // ".../query/" and ".../query" are one endpoint (Salesforce clients send the trailing slash)
                    return template.length() > 1 && template.endsWith("/")
                            ? template.substring(0, template.length() - 1)
                            : template;
                }
            }
        }
        return relative;
    }

    private static void writeFault(HttpServletResponse response, FaultRule fault) throws IOException {
        response.setStatus(fault.getStatus());
        fault.getHeaders().forEach(response::setHeader);
        if (fault.getBody() != null) {
            if (fault.getBody().isTextual()) {
                if (response.getContentType() == null) {
                    response.setContentType(MediaType.TEXT_PLAIN_VALUE);
                }
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getWriter().write(fault.getBody().asText());
            } else {
                if (response.getContentType() == null) {
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                }
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getWriter().write(SandboxJson.write(fault.getBody()));
            }
        }
        response.flushBuffer();
    }

    /** Writes a JSON answer from a simulator hook (e.g. 401 / 429). */
    public static void writeJson(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(SandboxJson.write(body));
        response.flushBuffer();
    }
}
