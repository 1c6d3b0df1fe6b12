package io.leadhub.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadRepository;
import io.leadhub.lead.LeadSource;
import io.leadhub.lead.LeadView;
import io.leadhub.org.OrgRepository;
import io.leadhub.org.Qualifier;
import io.leadhub.platform.ApiException;
import io.leadhub.platform.HubMetrics;
import io.leadhub.sync.SyncPlanner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validates and stores captured JSON and badge leads; called by the capture routes (CSV: {@link CsvImporter}). Each capture is idempotent
 * on its capture id: a repeated id answers the stored lead (merging anything new the repeat
 * carries), also when the repeat arrives while the first request is still storing it (the unique
 * key on the capture id decides which one stores; the other merges into it). Bad input raises {@link ApiException} with a 4xx and stores nothing. A stored or
 * changed lead waits in the database (PENDING) until the enrichment stage claims it.
 */
@Service("captureService")
public class CaptureService {
    private final LeadRepository leads;
    private final OrgRepository orgs;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final LeadView views;
    private final HubMetrics metrics;
    private final SyncPlanner planner;
    private final String defaultRegion;
    private final JsonLeadReader jsonReader = new JsonLeadReader();
    private final BadgeParser badgeParser = new BadgeParser();
    private final LeadValidation validation = new LeadValidation();

    public CaptureService(
            LeadRepository leads,
            OrgRepository orgs,
            ObjectMapper json,
            PlatformTransactionManager txm,
            LeadView views,
            HubMetrics metrics,
            SyncPlanner planner,
            @Value("${hub.capture.default-region:US}") String defaultRegion) {
        this.metrics = metrics;
        this.planner = planner;
        this.leads = leads;
        this.orgs = orgs;
        this.json = json;
        this.tx = new TransactionTemplate(txm);
        this.views = views;
        this.defaultRegion = defaultRegion;
    }

    /** The outcome of one capture: HTTP status, answer body. */
    public record Captured(int status, Object body) {}

    public Captured captureJson(Exchange exchange) {
        String org = exchange.getMessage().getHeader("org", String.class);
        String event = requireEvent(org, exchange.getMessage().getHeader("event", String.class));
        JsonNode node;
        try {
            node = json.readTree(text(exchange));
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) throw ApiException.badRequest("the body is empty");
        LeadDraft draft = parse(() -> jsonReader.read(node, LeadSource.MANUAL));
        if (draft.captureId() == null) draft.captureId("api:" + UUID.randomUUID());
        return store(exchange, org, event, draft, true, false);
    }

    public Captured captureBadge(Exchange exchange) {
        String org = exchange.getMessage().getHeader("org", String.class);
        String event = requireEvent(org, exchange.getMessage().getHeader("event", String.class));
        String payload = text(exchange);
        if (payload == null || payload.isBlank()) throw ApiException.badRequest("the badge payload is empty");
        LeadDraft draft = parse(() -> badgeParser.parse(payload));
        String captureId = Optional.ofNullable(exchange.getMessage().getHeader("captureId", String.class))
                .orElse(exchange.getMessage().getHeader("X-Capture-Id", String.class));
        // the same badge scanned again at the same event is the same capture
        draft.captureId(captureId != null ? captureId : "badge:" + event + ":" + sha256(payload.strip()));
        return store(exchange, org, event, draft, false, true);
    }

    /**
     * A single-lead JSON body read and checked exactly as the capture endpoint does (400 for a body it
     * cannot read, 422 with every problem for a lead it would refuse), without storing anything: what
     * a preview of the lead starts from.
     */
    public LeadDraft checkedDraft(String org, String event, JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) throw ApiException.badRequest("the body is empty");
        LeadDraft draft = parse(() -> jsonReader.read(body, LeadSource.MANUAL));
        check(org, event, draft, true);
        return draft;
    }

    /** Checks the draft; answers the org's qualifiers it was checked against. */
    private List<Qualifier> check(String org, String event, LeadDraft draft, boolean checkRequired) {
        if (draft.capturedAt() == null) draft.capturedAt(Instant.now());
        List<String> problems = new ArrayList<>(validation.validateAndNormalize(draft, defaultRegion));
        if (!draft.hasUsableIdentity()) problems.add(CsvLeadReader.NO_IDENTITY);
        List<Qualifier> qualifiers = orgs.qualifiers(org);
        problems.addAll(qualifierProblems(qualifiers, event, draft, checkRequired));
        if (!problems.isEmpty()) {
            throw new ApiException(
                    422, "invalid_lead", "the lead cannot be captured: " + String.join("; ", problems), problems);
        }
        return qualifiers;
    }

    /** {@code repeatIsScan}: a repeated badge is the person scanned again; a repeated JSON capture id is a client retry. */
    private Captured store(
            Exchange exchange, String org, String event, LeadDraft draft, boolean checkRequired, boolean repeatIsScan) {
        Set<String> singleSelect = singleSelect(check(org, event, draft, checkRequired));
        TransactionCallback<long[]> storeOrMerge = s -> {
            Optional<Long> existing = leads.findIdByCaptureId(org, draft.captureId());
            if (existing.isPresent()) {
                boolean changed = leads.merge(existing.get(), draft, repeatIsScan, singleSelect);
                return new long[] {existing.get(), 0, changed ? 1 : 0};
            }
            long id = leads.insert(org, event, draft);
            planner.openEnriching(org, List.of(id));
            return new long[] {id, 1, 1};
        };
        long[] result;
        try {
            result = tx.execute(storeOrMerge);
        } catch (DuplicateKeyException race) {
            // another request with this capture id stored its lead between our lookup and our insert
            // (a client retrying before its first request was answered): ours is a repeat of it
            result = tx.execute(storeOrMerge);
        }
        boolean created = result[1] == 1;
        if (created) metrics.captured(org, draft.source().name(), 1);
        return new Captured(created ? 201 : 200, views.view(org, result[0]));
    }

    /** The names of the qualifiers that take one value. */
    static Set<String> singleSelect(List<Qualifier> qualifiers) {
        return qualifiers.stream()
                .filter(q -> !q.multiSelect())
                .map(Qualifier::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The body as text: in the charset of the request's Content-Type, else UTF-8 (never the platform default). */
    private static String text(Exchange exchange) {
        if (exchange.getProperty(Exchange.CHARSET_NAME) == null) exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
        return exchange.getMessage().getBody(String.class);
    }

    public String requireEvent(String org, String event) {
        if (event == null || !orgs.eventExists(org, event)) throw ApiException.notFound("event '" + event + "'");
        return event;
    }

    static List<String> qualifierProblems(
            List<Qualifier> defined, String event, LeadDraft draft, boolean checkRequired) {
        List<String> problems = new ArrayList<>();
        Map<String, Qualifier> byName = new HashMap<>();
        defined.stream().filter(Qualifier::active).forEach(q -> byName.put(q.name(), q));
        draft.qualifiers().forEach((name, values) -> {
            Qualifier q = byName.get(name);
            if (q == null || !q.appliesTo(event)) {
                problems.add("unknown qualifier '" + name + "'");
                return;
            }
            if (!q.multiSelect() && values.size() > 1) problems.add("qualifier '" + name + "' takes one value");
            values.stream()
                    .filter(v -> !q.values().contains(v))
                    .forEach(v -> problems.add(
                            "qualifier '" + name + "' has no value '" + v + "' (allowed: " + q.values() + ")"));
        });
        if (checkRequired) {
            byName.values().stream()
                    .filter(q -> q.required()
                            && q.appliesTo(event)
                            && !draft.qualifiers().containsKey(q.name()))
                    .forEach(q -> problems.add("qualifier '" + q.name() + "' is required"));
        }
        return problems;
    }

    private static LeadDraft parse(Supplier<LeadDraft> parser) {
        try {
            return parser.get();
        } catch (CaptureException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static String sha256(String s) {
        return Hashing.sha256().hashString(s, StandardCharsets.UTF_8).toString();
    }
}
