package io.leadhub.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.dataset.ExpectedFailure;
import io.leadhub.sandbox.dataset.ExpectedLead;
import io.leadhub.sandbox.dataset.ExpectedRejection;
import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.support.HubTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The real flow of one vendor (DESIGN §5 "Real-flow tests"): a generated realistic upload
 * ({@link LeadDataset}: accented names, 30–60 character addresses, long notes with commas, quotes
 * and line breaks, second scans, bad rows, one lead the vendor refuses) goes over HTTP into a new
 * org connected to the vendor's simulator with the default mappings, through the simulated
 * enrichment providers, to the vendor. Then, lead by lead: the import answer; every good lead
 * CLEARED with a vendor record whose mapped fields are the lead's values (truncated only where the
 * mapping row says so); every expected failure FAILED with a message about that lead only; no
 * VENDOR_UNAVAILABLE; the vendor calls within the batch arithmetic; and, sampled from the upload's
 * answer until everything settled, cleared + failed + pre-sync + syncing = leads captured (SPEC §3,
 * §11: a lead is never invisible, enrichment counts as pre-sync).
 *
 * <p>All checks are collected (soft assertions) so one run reports every broken promise, each
 * with examples taken from the reconciliation rows.
 */
abstract class RealFlowTest extends HubTest {
    private static final Logger LOG = LoggerFactory.getLogger(RealFlowTest.class);
    /** Hub fields whose vendor value is compared with the generated lead's. */
    private static final Set<String> COMPARED = Set.of(
            "email", "firstName", "lastName", "fullName", "company", "jobTitle", "phone", "linkedinUrl", "notes");

    private static final int EXAMPLES = 8;

    /** Summary samples taken while the upload settled, and how many broke the visibility invariant. */
    private int samples;

    private int broken;

    // ------------------------------------------------------------------ what each vendor says

    /** The vendor as the API and the simulator name it: hubspot, salesforce, marketo, pardot, zoho, pipedrive. */
    protected abstract String vendor();

    /** The upload for this vendor: seed, the qualifier values it leaves unmapped, the planted trait it refuses. */
    protected abstract LeadDataset dataset();

    /** Connects the org's integration to the simulator through the API: credentials, settings, defaults, qualifiers, campaign. */
    protected abstract void connect(String org);

    /** The mapping object a lead is written to (contact, lead, prospect, person). */
    protected abstract String personObject();

    /** The simulator object holding those records ({@code GET /sandbox/{vendor}/_records/{object}}). */
    protected abstract String recordObject();

    /** The category the planted lead must fail with. */
    protected abstract String plantedCategory();

    /** Words the planted lead's message must contain besides the trait's own (case-insensitive). */
    protected List<String> plantedMentions() {
        return List.of();
    }

    /** Asserts the vendor API calls of the upload against the vendor's batch arithmetic. */
    protected abstract void assertCalls(SoftAssertions soft, Calls calls);

    /** Extra per-record checks (e.g. the company a Pipedrive person is linked to). */
    protected void assertRecord(SoftAssertions soft, ExpectedLead lead, JsonNode record, List<String> problems) {}

    /** Simulator settings the run needs after its reset. */
    protected void prepareSimulator() {}

    /** How long the upload may take to settle. */
    protected Duration settleWithin() {
        return Duration.ofSeconds(150);
    }

    /** A mapped vendor field of a simulator record (flat records by default). */
    protected JsonNode field(JsonNode record, String vendorField) {
        return record.get(vendorField);
    }

    protected String recordId(JsonNode record) {
        return record.path("id").asText();
    }

    /**
     * Vendor calls of the upload (the simulator's {@code _stats} after minus before; token and
     * {@code _} endpoints are not in the total). {@code sent}: the leads that reach a vendor call (all
     * but the NO_TAG_MAPPING ones), also listed in {@link #sentLeads()}.
     */
    protected record Calls(int total, Map<String, Integer> byKey, LeadDataset data, int sent) {
        List<ExpectedLead> sentLeads() {
            return data.leads().stream()
                    .filter(l -> l.good() || l.failure().kind() != ExpectedFailure.Kind.UNMAPPED_QUALIFIER)
                    .toList();
        }

        int of(String key) {
            return byKey.getOrDefault(key, 0);
        }

        static int batches(int n, int size) {
            return (n + size - 1) / size;
        }
    }

    // ------------------------------------------------------------------ the flow

    @Test
    void realUploadSettlesLeadByLead() {
        sandbox(HttpMethod.POST, "/" + vendor() + "/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
        prepareSimulator();
        LeadDataset data = dataset();
        String org = newOrg(false);
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/qualifiers"), OPERATOR, data.qualifiers())
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
        connect(org);
        assertThat(count("SELECT COUNT(*) FROM lead WHERE org_id = :org", org))
                .as("a fresh org has no leads")
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM lead_sync WHERE org_id = :org", org))
                .as("no planted sync rows")
                .isZero();
        JsonNode before = stats();

        long start = System.nanoTime();
        // the bytes a client sends: UTF-8 (a String body would go out in RestTemplate's default ISO-8859-1)
        ResponseEntity<JsonNode> answer = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/events/expo/leads/import"),
                OPERATOR,
                data.csv().getBytes(StandardCharsets.UTF_8),
                MediaType.valueOf("text/csv"));
        long answered = System.nanoTime();
        assertThat(answer.getStatusCode().value())
                .as("import answer: %s", answer.getBody())
                .isEqualTo(200);
        List<String> violations = new ArrayList<>();
        String notSettled = awaitSettled(org, data.imported(), violations);
        long settled = System.nanoTime();

        JsonNode summary = vendorSummary(org);
        Map<String, JsonNode> rows = reconciliationRows(org);
        Map<String, JsonNode> records = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/" + vendor() + "/_records/" + recordObject(), null)
                .forEach(r -> records.put(recordId(r), r));
        JsonNode after = stats();
        Calls calls = calls(before, after, data);
        LOG.info(
                "{} real flow: {} data rows ({} leads, {} good), upload answered in {} ms, settled {} ms later; {} vendor calls {}; "
                        + "summary {}; {} summary samples, {} broke cleared + failed + preSync + syncing = captured; first: {}",
                vendor(),
                data.dataRows(),
                data.imported(),
                data.good().size(),
                (answered - start) / 1_000_000,
                (settled - answered) / 1_000_000,
                calls.total(),
                calls.byKey().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .toList(),
                summary,
                samples,
                broken,
                violations);

        Map<String, String> exampleByCategory = new TreeMap<>();
        rows.values().stream()
                .filter(r -> "FAILED".equals(r.path("state").asText()))
                .forEach(r -> exampleByCategory.putIfAbsent(
                        r.path("category").asText(),
                        r.path("email").asText() + ": " + r.path("message").asText()));
        LOG.info("{} failures, one full message per category: {}", vendor(), exampleByCategory);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(notSettled)
                .as("the upload settles within " + settleWithin().toSeconds() + " s")
                .isNull();
        assertImportAnswer(soft, answer, data);
        soft.assertThat(violations)
                .as(
                        "cleared + failed + preSync + syncing = %d leads captured, at every sample from the upload's "
                                + "answer until settled (%d of %d samples broke it; first ones)",
                        data.imported(), broken, samples)
                .isEmpty();
        soft.assertThat(count("SELECT COUNT(*) FROM lead_sync WHERE org_id = :org", org))
                .as("one sync row per captured lead")
                .isEqualTo(data.imported());
        List<String> unavailable = rows.values().stream()
                .filter(r -> "VENDOR_UNAVAILABLE".equals(r.path("category").asText()))
                .map(RealFlowTest::describe)
                .toList();
        soft.assertThat(head(unavailable))
                .as("no VENDOR_UNAVAILABLE anywhere (%d rows; first ones)", unavailable.size())
                .isEmpty();
        assertGoodLeads(soft, data, rows, records, org);
        assertExpectedFailures(soft, data, rows, records, org);
        soft.assertThat(records)
                .as("one %s record per good lead", recordObject())
                .hasSize(data.good().size());
        assertCalls(soft, calls);
        soft.assertAll();
    }

    /**
     * Polls the summary until every lead has a terminal row and none is waiting for enrichment,
     * checking the visibility invariant at each sample. Answers null, or why it did not settle.
     */
    private String awaitSettled(String org, int captured, List<String> violations) {
        long t0 = System.nanoTime();
        samples = 0;
        broken = 0;
        try {
            Awaitility.await()
                    .atMost(settleWithin())
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonNode s = vendorSummary(org);
                        samples++;
                        int seen = s.path("cleared").asInt()
                                + s.path("failed").asInt()
                                + s.path("preSync").asInt()
                                + s.path("syncing").asInt();
                        if (seen != captured && ++broken <= EXAMPLES) {
                            violations.add(String.format(
                                    "+%.1f s: cleared %d + failed %d + preSync %d + syncing %d = %d",
                                    (System.nanoTime() - t0) / 1e9,
                                    s.path("cleared").asInt(),
                                    s.path("failed").asInt(),
                                    s.path("preSync").asInt(),
                                    s.path("syncing").asInt(),
                                    seen));
                        }
                        int open = count(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state NOT IN ('CLEARED', 'FAILED')",
                                org);
                        int enriching =
                                count("SELECT COUNT(*) FROM lead WHERE org_id = :org AND enrichment = 'PENDING'", org);
                        int terminal = count(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state IN ('CLEARED', 'FAILED')",
                                org);
                        return open == 0 && enriching == 0 && terminal >= captured;
                    });
            return null;
        } catch (ConditionTimeoutException e) {
            return "not settled: summary " + vendorSummary(org) + ", leads waiting for enrichment "
                    + count("SELECT COUNT(*) FROM lead WHERE org_id = :org AND enrichment = 'PENDING'", org);
        }
    }

    // ------------------------------------------------------------------ assertions

    private void assertImportAnswer(SoftAssertions soft, ResponseEntity<JsonNode> answer, LeadDataset data) {
        JsonNode body = answer.getBody();
        soft.assertThat(body.path("imported").asInt()).as("imported").isEqualTo(data.imported());
        soft.assertThat(body.path("merged").asInt())
                .as("merged (second scans, email in another case)")
                .isEqualTo(data.merged());
        soft.assertThat(body.path("rejected").asInt())
                .as("rejected")
                .isEqualTo(data.rejections().size());
        Map<Integer, String> reasons = new TreeMap<>();
        body.path("rejections")
                .forEach(r ->
                        reasons.put(r.path("line").asInt(), r.path("reason").asText()));
        soft.assertThat(reasons.keySet())
                .as("rejected lines")
                .containsExactlyElementsOf(
                        data.rejections().stream().map(ExpectedRejection::line).toList());
        for (ExpectedRejection r : data.rejections()) {
            soft.assertThat(reasons.get(r.line()))
                    .as("reason of line %d (%s)", r.line(), r.why())
                    .contains(r.reasonContains());
        }
    }

    private void assertGoodLeads(
            SoftAssertions soft,
            LeadDataset data,
            Map<String, JsonNode> rows,
            Map<String, JsonNode> records,
            String org) {
        List<JsonNode> mapping = List.copyOf(toList(send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/" + vendor() + "/mappings/" + personObject()),
                        OPERATOR,
                        null)
                .getBody()));
        List<JsonNode> qualifierMappings = toList(send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/" + vendor() + "/qualifier-mappings"),
                        OPERATOR,
                        null)
                .getBody());
        List<String> notCleared = new ArrayList<>();
        List<String> noRecord = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> notClearedByCategory = new TreeMap<>();
        for (ExpectedLead lead : data.good()) {
            JsonNode row = rows.get(lead.emailNorm());
            if (row == null || !"CLEARED".equals(row.path("state").asText())) {
                notCleared.add(lead.email() + " -> " + (row == null ? "no reconciliation row" : describe(row)));
                notClearedByCategory.merge(
                        row == null
                                ? "(no row)"
                                : row.path("state").asText() + " "
                                        + row.path("category").asText(""),
                        1,
                        Integer::sum);
                continue;
            }
            JsonNode record = records.get(row.path("vendorId").asText());
            if (record == null) {
                noRecord.add(
                        lead.email() + " -> vendorId " + row.path("vendorId").asText());
                continue;
            }
            compareFields(lead, record, mapping, mismatches);
            compareQualifiers(lead, record, qualifierMappings, mismatches);
            assertRecord(soft, lead, record, mismatches);
        }
        soft.assertThat(head(notCleared))
                .as(
                        "good leads CLEARED: %d of %d are not (%s); first ones",
                        notCleared.size(), data.good().size(), notClearedByCategory)
                .isEmpty();
        soft.assertThat(head(noRecord))
                .as("cleared leads with their %s record in the simulator: %d missing", recordObject(), noRecord.size())
                .isEmpty();
        soft.assertThat(head(mismatches))
                .as(
                        "vendor record values equal the lead's (mapping %s): %d mismatches",
                        personObject(), mismatches.size())
                .isEmpty();
    }

    private void compareFields(ExpectedLead lead, JsonNode record, List<JsonNode> mapping, List<String> mismatches) {
        for (JsonNode m : mapping) {
            String hubField = m.path("hubField").asText();
            String expected = lead.value(hubField);
            if (!COMPARED.contains(hubField) || expected == null) continue;
            if (m.hasNonNull("maxLength")
                    && m.path("truncate").asBoolean()
                    && expected.length() > m.path("maxLength").asInt()) {
                expected = expected.substring(0, m.path("maxLength").asInt());
            }
            String vendorField = m.path("vendorField").asText();
            String actual = text(field(record, vendorField));
            boolean same = switch (hubField) {
                case "email" -> expected.equalsIgnoreCase(actual);
                case "phone" -> actual != null && digits(actual).endsWith(lastDigits(expected, 7));
                default -> expected.equals(actual);
            };
            if (!same) {
                mismatches.add(lead.email() + " " + hubField + " -> " + vendorField + ": expected '"
                        + abbreviate(expected) + "' but was '" + abbreviate(actual) + "'");
            }
        }
    }

    private void compareQualifiers(
            ExpectedLead lead, JsonNode record, List<JsonNode> qualifierMappings, List<String> mismatches) {
        for (String qualifier : List.of(LeadDataset.LEAD_TYPE, LeadDataset.PRODUCT_INTEREST)) {
            Map<String, Set<String>> expected = new LinkedHashMap<>();
            for (String value : lead.qualifier(qualifier)) {
                for (JsonNode q : qualifierMappings) {
                    if (!q.path("qualifier").asText().equals(qualifier)
                            || !q.path("object").asText().equals(personObject())) continue;
                    boolean asText = !q.hasNonNull("value");
                    if (asText || q.path("value").asText().equals(value)) {
                        expected.computeIfAbsent(q.path("vendorField").asText(), k -> new LinkedHashSet<>())
                                .add(asText ? value : q.path("vendorValue").asText());
                    }
                }
            }
            expected.forEach((vendorField, values) -> {
                Set<String> actual = values(field(record, vendorField));
                if (!actual.equals(values)) {
                    mismatches.add(lead.email() + " '" + qualifier + "' -> " + vendorField + ": expected " + values
                            + " but was " + actual);
                }
            });
        }
    }

    private void assertExpectedFailures(
            SoftAssertions soft,
            LeadDataset data,
            Map<String, JsonNode> rows,
            Map<String, JsonNode> records,
            String org) {
        String emailField = toList(send(
                                HttpMethod.GET,
                                api("/orgs/" + org + "/integrations/" + vendor() + "/mappings/" + personObject()),
                                OPERATOR,
                                null)
                        .getBody())
                .stream()
                .filter(m -> m.path("hubField").asText().equals("email"))
                .map(m -> m.path("vendorField").asText())
                .findFirst()
                .orElse("email");
        Set<String> recordEmails = new HashSet<>();
        records.values().forEach(r -> {
            String e = text(field(r, emailField));
            if (e != null) recordEmails.add(e.toLowerCase(Locale.ROOT));
        });
        List<String> wrong = new ArrayList<>();
        for (ExpectedLead lead : data.expectedFailures()) {
            ExpectedFailure f = lead.failure();
            JsonNode row = rows.get(lead.emailNorm());
            String category =
                    f.kind() == ExpectedFailure.Kind.UNMAPPED_QUALIFIER ? "NO_TAG_MAPPING" : plantedCategory();
            List<String> mentions = new ArrayList<>(f.mentions());
            if (f.kind() == ExpectedFailure.Kind.VENDOR_REJECT) mentions.addAll(plantedMentions());
            String why = lead.email() + " (" + f.reason() + ")";
            if (row == null) {
                wrong.add(why + ": no reconciliation row");
                continue;
            }
            String message = row.path("message").asText("");
            String lower = message.toLowerCase(Locale.ROOT);
            if (!"FAILED".equals(row.path("state").asText())
                    || !category.equals(row.path("category").asText())) {
                wrong.add(why + ": expected FAILED " + category + " but was " + describe(row));
                continue;
            }
            for (String word : mentions) {
                if (!lower.contains(word.toLowerCase(Locale.ROOT)))
                    wrong.add(why + ": message does not name '" + word + "': " + message);
            }
            if (message.contains("[another address]")) {
                // a per-record refusal echoes only this lead's address: a mask here means its own was not recognised
                wrong.add(why + ": message masks an address it should show or never contain: " + message);
            }
            for (ExpectedLead other : data.leads()) {
                if (other != lead && lower.contains(other.emailNorm())) {
                    wrong.add(why + ": message names another lead (" + other.email() + "): " + abbreviate(message));
                    break;
                }
            }
            if (recordEmails.contains(lead.emailNorm())) wrong.add(why + ": the vendor holds a record with its email");
        }
        soft.assertThat(head(wrong))
                .as(
                        "each expected failure (%d) FAILED alone with a message about that lead only: %d wrong",
                        data.expectedFailures().size(), wrong.size())
                .isEmpty();
    }

    // ------------------------------------------------------------------ reading the hub and the simulator

    protected JsonNode vendorSummary(String org) {
        return send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/" + vendor() + "/reconciliation/summary"),
                        OPERATOR,
                        null)
                .getBody();
    }

    /** Every reconciliation row of the integration, by the lead's normalized email (paged through the API). */
    private Map<String, JsonNode> reconciliationRows(String org) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = send(
                            HttpMethod.GET,
                            api("/orgs/" + org + "/integrations/" + vendor() + "/reconciliation?limit=1000&offset="
                                    + offset),
                            OPERATOR,
                            null)
                    .getBody();
            page.forEach(r -> out.put(r.path("email").asText().strip().toLowerCase(Locale.ROOT), r));
            if (page.size() < 1000) return out;
        }
    }

    protected JsonNode stats() {
        return sandbox(HttpMethod.GET, "/" + vendor() + "/_stats", null);
    }

    private static Calls calls(JsonNode before, JsonNode after, LeadDataset data) {
        Map<String, Integer> byKey = new HashMap<>();
        after.path("requests").properties().forEach(e -> {
            int n = e.getValue().asInt()
                    - before.path("requests").path(e.getKey()).asInt();
            if (n != 0) byKey.put(e.getKey(), n);
        });
        int unmapped = (int) data.expectedFailures().stream()
                .filter(l -> l.failure().kind() == ExpectedFailure.Kind.UNMAPPED_QUALIFIER)
                .count();
        return new Calls(
                after.path("totalRequests").asInt()
                        - before.path("totalRequests").asInt(),
                byKey,
                data,
                data.imported() - unmapped);
    }

    private int count(String sql, String org) {
        Integer n = jdbc.queryForObject(sql, Map.of("org", org), Integer.class);
        return n == null ? 0 : n;
    }

    // ------------------------------------------------------------------ helpers for the vendor classes

    /** PUT …/integrations/{vendor} (base URL, settings, credentials) and "Set defaults" for each object. */
    protected void putIntegration(String org, Map<String, Object> body, String... objects) {
        var put = send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/" + vendor()), OPERATOR, body);
        assertThat(put.getStatusCode().value())
                .as("PUT integration: %s", put.getBody())
                .isEqualTo(200);
        for (String object : objects) {
            assertThat(send(
                                    HttpMethod.POST,
                                    api("/orgs/" + org + "/integrations/" + vendor() + "/mappings/" + object
                                            + "/defaults"),
                                    OPERATOR,
                                    null)
                            .getStatusCode()
                            .is2xxSuccessful())
                    .as("defaults of %s", object)
                    .isTrue();
        }
    }

    /** Qualifier rows: each listed value of {@code qualifier} mapped to its vendor option on {@code vendorField}. */
    protected static List<Map<String, Object>> options(
            String qualifier, String object, String vendorField, Map<String, String> options) {
        List<Map<String, Object>> rows = new ArrayList<>();
        options.forEach((value, option) -> rows.add(Map.of(
                "qualifier",
                qualifier,
                "value",
                value,
                "object",
                object,
                "vendorField",
                vendorField,
                "vendorValue",
                option)));
        return rows;
    }

    /** A qualifier row sending the qualifier's values as text. */
    protected static Map<String, Object> asText(String qualifier, String object, String vendorField) {
        return Map.of("qualifier", qualifier, "object", object, "vendorField", vendorField);
    }

    protected void qualifierMappings(String org, List<Map<String, Object>> rows) {
        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/" + vendor() + "/qualifier-mappings"),
                OPERATOR,
                rows);
        assertThat(put.getStatusCode().is2xxSuccessful())
                .as("qualifier mappings: %s", put.getBody())
                .isTrue();
    }

    protected void linkCampaign(String org, Map<String, Object> link) {
        var put = send(HttpMethod.PUT, api("/orgs/" + org + "/events/expo/campaigns/" + vendor()), OPERATOR, link);
        assertThat(put.getStatusCode().value())
                .as("campaign link: %s", put.getBody())
                .isEqualTo(200);
    }

    protected static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(e.asText()));
            return String.join(";", parts);
        }
        return v.asText();
    }

    private static Set<String> values(JsonNode v) {
        Set<String> out = new LinkedHashSet<>();
        String t = text(v);
        if (t != null && !t.isBlank()) for (String s : t.split(";")) out.add(s.strip());
        return out;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String describe(JsonNode row) {
        return row.path("email").asText() + " " + row.path("state").asText() + " "
                + row.path("category").asText("") + " ["
                + row.path("vendorCode").asText("") + "] "
                + abbreviate(row.path("message").asText(""));
    }

    private static List<String> head(List<String> list) {
        return list.size() <= EXAMPLES ? list : list.subList(0, EXAMPLES);
    }

    private static String digits(String s) {
        return s.replaceAll("\\D", "");
    }

    private static String lastDigits(String s, int n) {
        String d = digits(s);
        return d.length() <= n ? d : d.substring(d.length() - n);
    }

    private static String abbreviate(String s) {
        if (s == null) return null;
        String one = s.replace("\n", "\\n");
        return one.length() <= 160 ? one : one.substring(0, 157) + "...";
    }
}
