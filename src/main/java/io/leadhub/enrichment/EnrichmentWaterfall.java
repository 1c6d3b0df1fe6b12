package io.leadhub.enrichment;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import io.leadhub.lead.DomainExtractor;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadField;
import io.leadhub.lead.LeadRepository;
import io.leadhub.mapping.MappingProcessor;
import io.leadhub.platform.HubMetrics;
import io.leadhub.sync.SyncPlanner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The enrichment waterfall's logic; {@code routes/enrichment/enrichment-waterfall.camel.yaml} runs
 * it: {@link #start} loads the lead, {@link #prepare} decides whether the provider at the loop
 * index is worth calling (it can fill a still-empty field, its inputs are known, the deadline has
 * not passed) and sets the request, {@link #absorb} fills empty fields from the answer,
 * {@link #skip} records a failed or slow provider, and {@link #finish} stores values with their
 * provenance and plans the lead for sync. A lead in flight when the hub stops calls no further
 * provider and stores nothing: it stays PENDING and recovery enriches it at the next start.
 */
@Component("enrichmentWaterfall")
@EnableConfigurationProperties(EnrichmentProperties.class)
public class EnrichmentWaterfall {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentWaterfall.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.]+)}");
    private static final Configuration JSON_PATH = Configuration.defaultConfiguration()
            .addOptions(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL);
    public static final String RUN = "enrichmentRun";
    public static final String CALL = "enrichmentCall";

    private final EnrichmentProperties properties;
    private final LeadRepository leads;
    private final SyncPlanner planner;
    private final Environment env;

    private final HubMetrics metrics;
    private final ProviderThrottle gates;

    public EnrichmentWaterfall(
            EnrichmentProperties properties,
            LeadRepository leads,
            SyncPlanner planner,
            Environment env,
            HubMetrics metrics,
            ProviderThrottle gates) {
        this.metrics = metrics;
        this.gates = gates;
        this.properties = properties;
        this.leads = leads;
        this.planner = planner;
        this.env = env;
    }

    /** The state of one lead's pass through the waterfall. */
    public static final class Run {
        final Lead lead;
        final Instant deadline;
        final List<EnrichmentProperties.Provider> providers;
        final Map<LeadField, String> found = new EnumMap<>(LeadField.class);
        final Map<LeadField, String> provenance = new EnumMap<>(LeadField.class);

        Run(Lead lead, Instant deadline, List<EnrichmentProperties.Provider> providers) {
            this.lead = lead;
            this.deadline = deadline;
            this.providers = providers;
        }

        public int getProviderCount() {
            return providers.size();
        }

        String value(LeadField f) {
            String v = lead.get(f);
            return v != null ? v : found.get(f);
        }
    }

    /** The request for one provider. */
    public record Call(
            String uri,
            String query,
            String authHeader,
            String authValue,
            String provider,
            ProviderThrottle.Pass pass) {
        public String getUri() {
            return uri;
        }
    }

    public void start(Exchange exchange) {
        long leadId = exchange.getMessage().getBody(Long.class);
        Lead lead = leads.load(leadId).orElseThrow(() -> new IllegalStateException("lead " + leadId + " not found"));
        List<EnrichmentProperties.Provider> providers = lead.enriched()
                ? List.of()
                : properties.getProviders().stream()
                        .filter(EnrichmentProperties.Provider::isEnabled)
                        .sorted(Comparator.comparingInt(EnrichmentProperties.Provider::getOrder))
                        .toList();
        exchange.setProperty(RUN, new Run(lead, Instant.now().plus(properties.getDeadline()), providers));
    }

    public void prepare(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        exchange.removeProperty(CALL);
        int index = exchange.getProperty(Exchange.LOOP_INDEX, Integer.class);
        EnrichmentProperties.Provider p = run.providers.get(index);
        if (exchange.getContext().isStopping()) return; // the hub is stopping: no new provider call (see finish)
        if (Instant.now().isAfter(run.deadline)) {
            LOG.info("Lead {}: enrichment deadline passed; skipping {}", run.lead.id(), p.getName());
            return;
        }
        boolean useful = p.getFields().keySet().stream()
                .map(LeadField::byApiName)
                .flatMap(Optional::stream)
                .anyMatch(f -> run.value(f) == null);
        if (!useful) return;
        Optional<String> query = render(p.getQuery(), run);
        if (query.isEmpty()) return;
        long left = run.deadline.toEpochMilli() - System.currentTimeMillis();
        if (!gates.enter(p, left)) {
            LOG.info("Lead {}: {} had no free place before the deadline; skipped", run.lead.id(), p.getName());
            return;
        }
        // one endpoint per provider: its URI carries the provider's own timeout, never a lead's deadline
        String url = p.getUrl().replace("{self}", "http://127.0.0.1:" + env.getProperty("local.server.port", "8080"));
        long timeout = p.getTimeout().toMillis();
        String uri = url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=false"
                + "&httpClient.connectTimeout=" + timeout + "&httpClient.responseTimeout=" + timeout;
        exchange.setProperty(
                CALL, new Call(uri, query.get(), p.getAuthHeader(), p.getAuthValue(), p.getName(), gates.pass(p)));
        var m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_QUERY, query.get());
        m.setHeader("Accept", "application/json");
        if (p.getAuthHeader() != null) m.setHeader(p.getAuthHeader(), p.getAuthValue());
        m.setBody(null);
    }

    public void absorb(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        Call call = exchange.getProperty(CALL, Call.class);
        call.pass().leave();
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        exchange.getMessage().removeHeaders("*");
        if (status != 200) {
            LOG.info("Lead {}: provider {} answered {}; nothing filled", run.lead.id(), call.provider(), status);
            return;
        }
        String body = exchange.getMessage().getBody(String.class);
        DocumentContext doc;
        try {
            doc = JsonPath.using(JSON_PATH).parse(body);
        } catch (RuntimeException e) {
            LOG.info("Lead {}: provider {} answered unreadable JSON; skipped", run.lead.id(), call.provider());
            return;
        }
        EnrichmentProperties.Provider p = run.providers.get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        p.getFields()
                .forEach((field, path) -> LeadField.byApiName(field).ifPresent(f -> {
                    if (run.value(f) != null) return;
                    Object v = doc.read(path);
                    if (v != null && !v.toString().isBlank() && v.toString().length() <= f.maxLength()) {
                        run.found.put(f, v.toString().strip());
                        run.provenance.put(f, p.getName());
                    }
                }));
    }

    public void skip(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        Call call = exchange.getProperty(CALL, Call.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (call != null) call.pass().leave();
        LOG.info(
                "Lead {}: provider {} failed ({}); skipped",
                run.lead.id(),
                call == null ? "?" : call.provider(),
                e == null ? "unknown" : e.getClass().getSimpleName());
        exchange.getMessage().removeHeaders("*");
    }

    /**
     * Stores what was found and plans the lead for every integration (its rows go QUEUED, FROZEN or
     * HELD; the dispatcher claims QUEUED rows from the database). While the hub is stopping, nothing
     * is stored: the lead stays PENDING and is enriched in full by whichever instance claims it next.
     */
    @Transactional
    public void finish(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        exchange.getMessage().removeHeaders("*");
        if (exchange.getContext().isStopping()) {
            LOG.info("Lead {}: the hub is stopping; left pending enrichment for the next claim", run.lead.id());
            leads.releaseEnrichmentLeases(List.of(run.lead.id()));
            return;
        }
        if (!leads.saveEnrichment(run.lead.id(), run.lead.version(), run.found, run.provenance)) {
            LOG.debug("Lead {} changed during enrichment; it is claimed again for its new version", run.lead.id());
        }
        if (!run.lead.enriched()) metrics.enriched(!run.found.isEmpty());
        if (!run.found.isEmpty()) LOG.debug("Lead {} enriched: {}", run.lead.id(), run.provenance);
        planner.plan(run.lead.id());
    }

    private static Optional<String> render(String template, Run run) {
        if (template == null) return Optional.of("");
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = hubValue(run, m.group(1));
            if (value == null) return Optional.empty();
            m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    private static String hubValue(Run run, String name) {
        return LeadField.byApiName(name).map(run::value).orElseGet(() -> {
            if ("companyDomain".equals(name)) {
                return DomainExtractor.companyDomain(run.value(LeadField.WEBSITE), run.value(LeadField.EMAIL));
            }
            return MappingProcessor.hubValue(run.lead, name, null);
        });
    }
}
