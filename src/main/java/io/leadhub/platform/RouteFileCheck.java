package io.leadhub.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.NamedNode;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.AggregateDefinition;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.ExpressionSubElementDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.springframework.stereotype.Component;

/**
 * Checks the route files once they are loaded and before any route starts: every bean a step names
 * ({@code bean: {ref: …}}, {@code method: {ref: …}}, an aggregation strategy) must be in the registry,
 * every endpoint's component must exist, every {@code routeConfigurationId} must be declared. Camel
 * would fail on most of these too, but later and without saying where; this check names the file and
 * the line ({@code routes/sync/sync-dispatch.camel.yaml:42: bean 'syncBatchez' does not exist}), so an
 * integration engineer who edits a route finds the mistake at once. It runs at start-up (the hub does
 * not start) and again for every route added later (live reload in the sandbox, tests that advise routes);
 * a reloaded file is checked before Camel replaces the running routes, so a bad edit leaves them running.
 */
@Component
public class RouteFileCheck implements CamelContextConfiguration, ModelLifecycleStrategy {
    private volatile CamelContext camel;

    /** The routes are in the model, nothing has started yet. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = new ArrayList<>();
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            problems.addAll(new Walk(configuration.getResource()).configuration(configuration));
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            problems.addAll(new Walk(route.getResource()).route(route, model));
        }
        fail(problems);
        // Camel may have registered this bean already (it collects ModelLifecycleStrategy beans)
        if (!model.getModelLifecycleStrategies().contains(this)) model.addModelLifecycleStrategy(this);
    }

    /**
     * With live reloading on (sandbox), a changed file is checked before Camel replaces its routes:
     * Camel removes the old routes of a file before it adds the new ones, so without this a file with
     * a wrong bean name would leave its routes stopped. A refused file is logged by Camel's watcher
     * ("Error reloading routes from file ...") with this check's file:line message.
     */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        ResourceReloadStrategy reload = camelContext.hasService(RouteWatcherReloadStrategy.class);
        if (reload == null || reload.getResourceReload() == null) return;
        ResourceReload apply = reload.getResourceReload();
        reload.setResourceReload((name, resource) -> {
            checkBeforeReload(resource);
            apply.onReload(name, resource);
        });
    }

    private void checkBeforeReload(Resource resource) throws Exception {
        if (resource == null || !resource.exists()) return;
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = new ArrayList<>();
        // parsing only: the definitions are not added to the context (a syntax error throws here, with its line)
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : routes.configureRoutes(camel).getRoutes()) {
                    problems.addAll(new Walk(resource).route(route, model));
                }
            }
        }
        fail(problems);
    }

    /** A route added after start-up (a reloaded file, an advised route) is checked before it starts. */
    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (camel == null) return;
        fail(new Walk(route.getResource())
                .route(route, camel.getCamelContextExtension().getContextPlugin(Model.class)));
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // nothing to check
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates are checked when a route is made from them
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // nothing to check
    }

    private static void fail(List<String> problems) {
        if (problems.isEmpty()) return;
        throw new InvalidRouteFileException("Route files have errors:\n  " + String.join("\n  ", problems));
    }

    /** Thrown when a route file names a bean, component or route configuration that does not exist. */
    public static class InvalidRouteFileException extends IllegalStateException {
        InvalidRouteFileException(String message) {
            super(message);
        }
    }

    /** One pass over a route or route configuration, collecting "file:line: problem" lines. */
    private final class Walk {
        private final String file;
        private final List<String> problems = new ArrayList<>();
        private final Set<ProcessorDefinition<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        Walk(Resource resource) {
            this.file = resource == null ? null : shortLocation(resource.getLocation());
        }

        List<String> configuration(RouteConfigurationDefinition configuration) {
            if (configuration.getErrorHandler() != null
                    && configuration.getErrorHandler().getErrorHandlerType()
                            instanceof DeadLetterChannelDefinition dlc) {
                endpoint(dlc.getDeadLetterUri(), configuration);
            }
            configuration.getOnExceptions().forEach(this::node);
            configuration.getOnCompletions().forEach(this::node);
            return problems;
        }

        List<String> route(RouteDefinition route, Model model) {
            String configurationIds = route.getRouteConfigurationId();
            if (configurationIds != null) {
                for (String id : configurationIds.split(",")) {
                    String wanted = id.trim();
                    if (!wanted.isEmpty()
                            && !wanted.contains("*")
                            && model.getRouteConfigurationDefinition(wanted) == null) {
                        report(route, "route configuration '" + wanted + "' does not exist");
                    }
                }
            }
            if (route.getInput() != null) endpoint(route.getInput().getEndpointUri(), route.getInput());
            route.getOutputs().forEach(this::node);
            return problems;
        }

        private void node(ProcessorDefinition<?> node) {
            if (node == null || !seen.add(node)) return;
            if (node instanceof BeanDefinition bean && bean.getRef() != null) {
                bean(bean.getRef(), node);
            }
            if (node instanceof EndpointRequiredDefinition target) {
                endpoint(target.getEndpointUri(), node);
            }
            if (node instanceof ToDynamicDefinition dynamic) {
                endpoint(dynamic.getUri(), node);
            }
            if (node instanceof ExpressionNode withExpression) {
                expression(withExpression.getExpression(), node);
            }
            if (node instanceof AggregateDefinition aggregate) {
                if (aggregate.getAggregationStrategyBean() == null && aggregate.getAggregationStrategy() != null) {
                    bean(aggregate.getAggregationStrategy(), node);
                }
                expression(aggregate.getCorrelationExpression(), node);
                expression(aggregate.getCompletionSizeExpression(), node);
                expression(aggregate.getCompletionTimeoutExpression(), node);
            }
            node.getOutputs().forEach(this::node);
            if (node instanceof TryDefinition tryBlock) {
                // doCatch / doFinally are not among a doTry's outputs until the route is prepared
                tryBlock.getCatchClauses().forEach(this::node);
                node(tryBlock.getFinallyClause());
            }
        }

        private void expression(ExpressionSubElementDefinition element, NamedNode at) {
            if (element != null) expression(element.getExpressionType(), at);
        }

        private void expression(ExpressionDefinition expression, NamedNode at) {
            if (expression instanceof MethodCallExpression method
                    && method.getRef() != null
                    && method.getBeanType() == null) {
                bean(method.getRef(), at);
            }
        }

        private void bean(String ref, LineNumberAware at) {
            String name = ref.startsWith("#bean:") ? ref.substring("#bean:".length()) : ref;
            if (name.startsWith("#") || name.contains("{{"))
                return; // #class:, #type: and placeholders are Camel's to resolve
            if (camel.getRegistry().lookupByName(name) == null) report(at, "bean '" + name + "' does not exist");
        }

        private void endpoint(String uri, LineNumberAware at) {
            if (uri == null || uri.contains("${")) return; // dynamic: resolved per message
            String resolved;
            try {
                resolved = camel.resolvePropertyPlaceholders(uri);
            } catch (RuntimeException e) {
                report(at, "endpoint '" + uri + "': " + e.getMessage());
                return;
            }
            int colon = resolved.indexOf(':');
            if (colon <= 0) {
                report(at, "endpoint '" + resolved + "' has no component (scheme:...)");
                return;
            }
            String scheme = resolved.substring(0, colon);
            boolean exists;
            try {
                exists = camel.getComponent(scheme, true, false) != null;
            } catch (RuntimeException e) {
                exists = false;
            }
            if (!exists) report(at, "component '" + scheme + "' does not exist (endpoint '" + resolved + "')");
        }

        private void report(LineNumberAware at, String problem) {
            String where = at.getLocation() != null ? shortLocation(at.getLocation()) : file;
            int line = at.getLineNumber();
            problems.add((where == null ? "<unknown file>" : where) + (line > 0 ? ":" + line : "") + ": " + problem);
        }
    }

    /** classpath:routes/sync/x.camel.yaml -> routes/sync/x.camel.yaml; file: paths relative to the working directory. */
    static String shortLocation(String location) {
        if (location == null) return null;
        String s = location;
        if (s.startsWith("classpath:"))
            return s.substring("classpath:".length()).replaceFirst("^/+", "");
        if (s.startsWith("file:")) s = s.substring("file:".length());
        try {
            Path path = Path.of(s).toAbsolutePath().normalize();
            Path cwd = Path.of("").toAbsolutePath();
            return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
        } catch (RuntimeException e) {
            return s;
        }
    }
}
