package io.leadhub.connector.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.lead.Lead;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Pipedrive persons, organizations and notes (SPEC §9, §10). Pipedrive has no batch write, so every
 * record costs one call; calls are paced by the shared rate window and Pipedrive's
 * {@code x-ratelimit-*} headers ({@link PipedrivePolicy}). Steps, each called by name from
 * {@code routes/connectors/pipedrive.camel.yaml}:
 * <ol>
 * <li>{@link #checkLeads}: a lead with neither a stored Person ID nor an email fails with
 * MISSING_REQUIRED_FIELD before any call (nothing to match it by, and a blind create would
 * duplicate on every retry).</li>
 * <li>{@link #resolveOrganizations}: Organization by stored id, else by exact name (remembered
 * names, then one search per distinct name in the batch), else created; its id becomes the
 * person's {@code org_id}. Matched organizations are linked, never overwritten.</li>
 * <li>{@link #writePersons}: Person by stored id ({@code PATCH}; a 404 falls back to the email),
 * else exact email search (the most recently updated of several is updated, and the trace says
 * so), else {@code POST /api/v2/persons}. When a CREATE_ONLY or IF_EMPTY field is mapped, the
 * persons about to be updated are read first ({@code GET /api/v2/persons?ids=}, 100 per call) and
 * each field is written per its policy ({@link WritePolicy#writes}).</li>
 * <li>{@link #logActivities}: each activity once as a Note on the person ({@code POST /v1/notes}),
 * remembered in activity_sync so retries never log it twice.</li>
 * </ol>
 * Mapped vendor fields: v2 standard fields by name; {@code email} / {@code phone} become the primary
 * entry of {@code emails[]} / {@code phones[]}; a 40-character hex key is a custom field and goes in
 * {@code custom_fields}.
 */
@Component("pipedriveConnector")
public class PipedriveConnector {
    static final String PERSON = "person";
    static final String ORGANIZATION = "organization";
    static final String PERSONS = "/api/v2/persons";
    static final String ORGANIZATIONS = "/api/v2/organizations";
    static final String NOTES = "/v1/notes";
    static final Pattern CUSTOM_KEY = Pattern.compile("[0-9a-f]{40}");
    static final String ORG_KEY_PREFIX = "name:";
    /** Persons per read by ids ({@code GET /api/v2/persons?ids=}). */
    static final int READ_MAX = 100;
    /** Stands for an existing person whose values were not read (no conditional field needed them). */
    static final JsonNode UNREAD = JsonNodeFactory.instance.objectNode();

    private final VendorHttp http;
    private final PipedrivePolicy policy;
    private final VendorRecordCache cache;

    PipedriveConnector(VendorHttp http, PipedrivePolicy policy, VendorRecordCache cache) {
        this.http = http;
        this.policy = policy;
        this.cache = cache;
    }

    // ---------------------------------------------------------------- before any call

    public SyncBatch checkLeads(SyncBatch batch) {
        for (SyncItem item : batch.pending()) {
            if (item.mapped(PERSON) == null) {
                item.fail(ErrorCategory.MISSING_REQUIRED_FIELD, null, "the integration has no person mapping");
            } else if (item.storedVendorId() == null && item.lead().emailNorm() == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "Pipedrive persons are matched by email and the lead has "
                                + "no email; add an email to the lead, then retry");
            }
        }
        return batch;
    }

    // ---------------------------------------------------------------- organizations

    public SyncBatch resolveOrganizations(SyncBatch batch) {
        Integration integration = batch.integration();
        Map<String, List<SyncItem>> byName = new LinkedHashMap<>();
        for (SyncItem item : batch.pending()) {
            if (item.storedCompanyId() != null) {
                item.companyVendorId(item.storedCompanyId());
                item.trace("organization: stored id " + item.storedCompanyId());
                continue;
            }
            MappedObject org = item.mapped(ORGANIZATION);
            Object name = org == null ? null : org.get("name");
            if (name == null || name.toString().isBlank()) {
                item.trace("organization: no company name on the lead; no organization linked");
                continue;
            }
            byName.computeIfAbsent(name.toString().trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(item);
        }
        if (byName.isEmpty()) return batch;
        Map<String, String> keys = new LinkedHashMap<>();
        byName.keySet().forEach(n -> keys.put(ORG_KEY_PREFIX + n, n));
        cache.companies(integration.id(), keys.keySet())
                .forEach((key, id) -> byName.remove(keys.get(key))
                        .forEach(i -> link(i, id, "organization: '" + keys.get(key) + "' -> " + id + " (known)")));
        VendorCallException stop = null;
        for (var entry : byName.entrySet()) {
            List<SyncItem> items = entry.getValue();
            if (stop != null) {
                failAll(items, stop);
                continue;
            }
            try {
                resolveOrganization(integration, entry.getKey(), items);
            } catch (VendorCallException e) {
                failAll(items, e);
                if (stops(e)) stop = e;
            }
        }
        return batch;
    }

    private void resolveOrganization(Integration integration, String key, List<SyncItem> items) {
        String name = items.get(0).mapped(ORGANIZATION).get("name").toString().trim();
        VendorResponse found = http.call(
                integration,
                policy,
                VendorRequest.get(ORGANIZATIONS + "/search", "term=" + enc(name) + "&fields=name&exact_match=true"));
        if (!found.ok()) {
            var c = PipedriveErrorClassifier.classify(found.status(), found.bodyOrEmpty());
            items.forEach(i -> i.fail(c.category(), c.code(), "organization search: " + c.message()));
            return;
        }
        JsonNode hits = found.bodyOrEmpty().path("data").path("items");
        if (hits.size() > 0) {
            String id = hits.get(0).path("item").path("id").asText();
            String note = hits.size() > 1
                    ? " (" + hits.size() + " organizations have this name; took the most recently updated)"
                    : "";
            cache.rememberCompany(integration.id(), ORG_KEY_PREFIX + key, id);
            items.forEach(i -> link(i, id, "organization: name '" + name + "' found " + id + note));
            return;
        }
        Map<String, Object> body = fields(items.get(0).mapped(ORGANIZATION));
        VendorResponse created = http.call(integration, policy, VendorRequest.post(ORGANIZATIONS, body));
        if (!created.ok()) {
            var c = PipedriveErrorClassifier.classify(created.status(), created.bodyOrEmpty());
            items.forEach(i -> i.fail(c.category(), c.code(), "organization create: " + c.message()));
            return;
        }
        String id = created.bodyOrEmpty().path("data").path("id").asText();
        cache.rememberCompany(integration.id(), ORG_KEY_PREFIX + key, id);
        items.forEach(i -> link(i, id, "organization: name '" + name + "' not found; created " + id));
    }

    private static void link(SyncItem item, String id, String trace) {
        item.companyVendorId(id);
        item.trace(trace);
    }

    // ---------------------------------------------------------------- persons

    /** A person found by email before any write: its id, its phones, how many persons have the email. */
    private record EmailMatch(String id, List<String> phones, int hits) {}

    /**
     * What the writes of one batch know before they start: persons found by email, and (when a
     * CREATE_ONLY or IF_EMPTY field is mapped) the current values of every person that will be
     * updated, read in batches of 100 ids.
     */
    private static final class Known {
        final Map<SyncItem, EmailMatch> byEmail = new LinkedHashMap<>();
        final Set<SyncItem> searched = new HashSet<>();
        final Map<String, JsonNode> current = new HashMap<>();
        final Set<String> read = new HashSet<>();
    }

    public SyncBatch writePersons(SyncBatch batch) {
        Integration integration = batch.integration();
        Known known = new Known();
        VendorCallException stop = null;
        Set<String> emails = new HashSet<>();
        for (SyncItem item : batch.pending()) {
            // a second lead with an email of this batch is searched when its turn comes, after the first one's write
            if (item.storedVendorId() != null || !emails.add(item.lead().emailNorm())) continue;
            try {
                search(integration, item, known);
            } catch (VendorCallException e) {
                item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
                if (stops(e)) {
                    stop = e;
                    break;
                }
            }
        }
        if (stop == null) {
            try {
                readCurrent(integration, batch.pending(), known);
            } catch (VendorCallException e) {
                batch.pending()
                        .forEach(i ->
                                i.fail(e.category(), e.vendorCode(), "person read: " + e.getMessage(), e.retryAt()));
                return batch;
            }
        }
        for (SyncItem item : batch.pending()) {
            if (stop != null) {
                item.fail(stop.category(), stop.vendorCode(), "not sent: " + stop.getMessage(), stop.retryAt());
                continue;
            }
            try {
                writePerson(integration, item, known);
            } catch (VendorCallException e) {
                item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
                if (stops(e)) stop = e;
            }
        }
        return batch;
    }

    /** The exact email search of one lead; a failed search fails the lead. */
    private void search(Integration integration, SyncItem item, Known known) {
        String email = item.lead().emailNorm();
        VendorResponse found = http.call(
                integration,
                policy,
                VendorRequest.get(PERSONS + "/search", "term=" + enc(email) + "&fields=email&exact_match=true"));
        known.searched.add(item);
        if (!found.ok()) {
            fail(item, found, "person search");
            return;
        }
        JsonNode hits = found.bodyOrEmpty().path("data").path("items");
        if (hits.size() == 0) return;
        JsonNode match = hits.get(0).path("item");
        List<String> phones = new ArrayList<>();
        match.path("phones").forEach(p -> phones.add(p.asText()));
        known.byEmail.put(item, new EmailMatch(match.path("id").asText(), phones, hits.size()));
    }

    /**
     * The current values of the persons the batch will update, when a CREATE_ONLY or IF_EMPTY
     * field is mapped for them: {@code GET /api/v2/persons?ids=} per 100 ids. A stored id that
     * the read does not answer is a person deleted in Pipedrive.
     */
    private void readCurrent(Integration integration, List<SyncItem> items, Known known) {
        Set<String> ids = new LinkedHashSet<>();
        for (SyncItem item : items) {
            if (item.mapped(PERSON).conditionalFields().isEmpty()) continue;
            if (item.storedVendorId() != null) ids.add(item.storedVendorId());
            EmailMatch m = known.byEmail.get(item);
            if (m != null) ids.add(m.id());
        }
        read(integration, ids, known);
    }

    private void read(Integration integration, Set<String> ids, Known known) {
        List<String> all = new ArrayList<>(ids);
        all.removeAll(known.read);
        for (int from = 0; from < all.size(); from += READ_MAX) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + READ_MAX));
            VendorResponse r = http.call(
                    integration,
                    policy,
                    VendorRequest.get(PERSONS, "ids=" + String.join(",", chunk) + "&limit=" + READ_MAX));
            if (!r.ok()) {
                var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                throw new VendorCallException(c.category(), c.code(), c.message());
            }
            r.bodyOrEmpty()
                    .path("data")
                    .forEach(p -> known.current.put(p.path("id").asText(), p));
            known.read.addAll(chunk);
        }
    }

    /**
     * Writes one person; when Pipedrive says the linked organization no longer exists (deleted since
     * the hub stored or remembered it), the organization is looked up again by name and the write
     * repeated once.
     */
    private void writePerson(Integration integration, SyncItem item, Known known) {
        if (writePerson(integration, item, known, true)) return;
        MappedObject org = item.mapped(ORGANIZATION);
        Object name = org == null ? null : org.get("name");
        String key = name.toString().trim().toLowerCase(Locale.ROOT);
        item.trace("organization " + item.companyVendorId()
                + " no longer exists in Pipedrive; looking it up again by name");
        cache.forgetCompany(integration.id(), ORG_KEY_PREFIX + key);
        resolveOrganization(integration, key, List.of(item));
        if (item.pending()) writePerson(integration, item, known, false);
    }

    /** False (nothing recorded) when the write failed only because the organization is gone and a second try is allowed. */
    private boolean writePerson(Integration integration, SyncItem item, Known known, boolean orgRetry) {
        MappedObject mapped = item.mapped(PERSON);
        if (item.storedVendorId() != null) {
            VendorResponse r = update(integration, item, item.storedVendorId(), mapped, List.of(), known);
            if (r.ok()) {
                item.trace("person: stored id " + item.storedVendorId() + " -> updated");
                item.clear(PERSON, item.storedVendorId(), item.companyVendorId(), false);
                return true;
            }
            if (orgRetry && organizationGone(item, r)) return false;
            if (r.status() != 404) {
                fail(item, r, "person update");
                return true;
            }
            item.trace("person: stored id " + item.storedVendorId() + " not found (deleted in Pipedrive)");
            if (item.lead().emailNorm() == null) {
                item.fail(
                        ErrorCategory.DATA_VALUE_VALIDATION,
                        "404",
                        "the stored person was deleted in Pipedrive and the lead "
                                + "has no email to match another one");
                return true;
            }
        }
        String email = item.lead().emailNorm();
        if (!known.searched.contains(item)) {
            // a stored person deleted in Pipedrive, or a second lead with the email of an earlier one in this batch
            search(integration, item, known);
            if (!item.pending()) return true;
            EmailMatch m = known.byEmail.get(item);
            if (m != null && !mapped.conditionalFields().isEmpty()) read(integration, Set.of(m.id()), known);
        }
        EmailMatch match = known.byEmail.get(item);
        if (match != null) {
            String id = match.id();
            VendorResponse r = update(integration, item, id, mapped, match.phones(), known);
            if (!r.ok()) {
                if (orgRetry && organizationGone(item, r)) return false;
                fail(item, r, "person update");
                return true;
            }
            String note = match.hits() > 1
                    ? " (" + match.hits() + " persons have this email; updated the most recently updated)"
                    : "";
            item.trace("person: email " + email + " found " + id + note + " -> updated");
            item.clear(PERSON, id, item.companyVendorId(), false);
            return true;
        }
        Map<String, Object> body = personBody(item, mapped, null, List.of());
        VendorResponse created = http.call(integration, policy, VendorRequest.post(PERSONS, body));
        if (!created.ok()) {
            if (orgRetry && organizationGone(item, created)) return false;
            fail(item, created, "person create");
            return true;
        }
        String id = created.bodyOrEmpty().path("data").path("id").asText();
        item.trace("person: email " + email + " not found; created " + id
                + (item.companyVendorId() == null ? "" : " in organization " + item.companyVendorId()));
        item.clear(PERSON, id, item.companyVendorId(), true);
        return true;
    }

    private static boolean organizationGone(SyncItem item, VendorResponse r) {
        MappedObject org = item.mapped(ORGANIZATION);
        return r.status() == 400
                && item.companyVendorId() != null
                && org != null
                && org.get("name") != null
                && !org.get("name").toString().isBlank()
                && r.bodyOrEmpty()
                        .path("error")
                        .asText("")
                        .toLowerCase(Locale.ROOT)
                        .contains("organization not found");
    }

    private VendorResponse update(
            Integration integration,
            SyncItem item,
            String id,
            MappedObject mapped,
            List<String> knownPhones,
            Known known) {
        JsonNode current = known.current.get(id);
        // not read (no conditional field), or read but gone (the PATCH answers 404): conditional fields are left out
        Map<String, Object> body = personBody(item, mapped, current == null ? UNREAD : current, knownPhones);
        List<String> kept = mapped.conditionalFields().stream()
                .filter(f -> mapped.get(f) != null && !sent(body, f))
                .toList();
        if (!kept.isEmpty()) item.trace("person " + id + ": kept its values of " + kept + " (write policies)");
        return http.call(integration, policy, new VendorRequest("PATCH", PERSONS + "/" + id, null, body, Map.of()));
    }

    private static boolean sent(Map<String, Object> body, String field) {
        if (field.equals("phone")) return body.containsKey("phones");
        if (CUSTOM_KEY.matcher(field).matches())
            return body.get("custom_fields") instanceof Map<?, ?> c && c.containsKey(field);
        return body.containsKey(field);
    }

    /** The person's current value of a mapped field: {@code email} / {@code phone} are the primary entries, hex keys custom fields. */
    static JsonNode currentValue(JsonNode person, String field) {
        if (field.equals("email") || field.equals("phone")) {
            JsonNode list = person.path(field + "s");
            for (JsonNode e : list) {
                if (e.path("primary").asBoolean(false)) return e.path("value");
            }
            return list.path(0).isObject() ? list.path(0).path("value") : list.path(0);
        }
        if (CUSTOM_KEY.matcher(field).matches())
            return person.path("custom_fields").path(field);
        return person.path(field);
    }

    /**
     * The v2 person body. On create ({@code existing} null): every mapped field, the email as the
     * primary email, the name falling back to the email (Pipedrive requires one). On update: each
     * field per its write policy against the person's current values ({@code existing}, read
     * before the writes; {@link #UNREAD} when no field needed them), the emails are left as they
     * are (the person was matched by one of them or synced by the hub), and a new phone is added
     * beside the known ones.
     */
    Map<String, Object> personBody(SyncItem item, MappedObject mapped, JsonNode existing, List<String> knownPhones) {
        boolean create = existing == null;
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        Object email = null;
        Object phone = null;
        for (var e : mapped.values().entrySet()) {
            String field = e.getKey();
            WritePolicy p = mapped.policy(field);
            // a conditional field whose current value is unknown is left as it is
            if (!create && p.conditional() && (existing == UNREAD || !p.writes(true, currentValue(existing, field))))
                continue;
            if (field.equals("email")) email = e.getValue();
            else if (field.equals("phone")) phone = e.getValue();
            else if (CUSTOM_KEY.matcher(field).matches()) custom.put(field, e.getValue());
            else body.put(field, e.getValue());
        }
        if (create) {
            if (email == null) email = item.lead().emailNorm();
            if (email != null)
                body.put("emails", List.of(Map.of("value", email.toString(), "primary", true, "label", "work")));
            if (phone != null)
                body.put("phones", List.of(Map.of("value", phone.toString(), "primary", true, "label", "work")));
            Object name = body.get("name");
            if ((name == null || name.toString().isBlank()) && email != null) {
                body.put("name", email.toString());
                item.trace("person: the lead has no name; named after its email");
            }
        } else {
            if (body.containsKey("name")
                    && (body.get("name") == null || body.get("name").toString().isBlank())) body.remove("name");
            if (phone != null && !knownPhones.isEmpty() && !knownPhones.contains(phone.toString())) {
                List<Map<String, Object>> phones = new ArrayList<>();
                for (int i = 0; i < knownPhones.size(); i++) {
                    phones.add(Map.of("value", knownPhones.get(i), "primary", i == 0, "label", "work"));
                }
                phones.add(Map.of("value", phone.toString(), "primary", false, "label", "work"));
                body.put("phones", phones);
            } else if (phone != null && knownPhones.isEmpty() && item.storedVendorId() == null) {
                body.put("phones", List.of(Map.of("value", phone.toString(), "primary", true, "label", "work")));
            }
        }
        if (item.companyVendorId() != null) body.put("org_id", Long.parseLong(item.companyVendorId()));
        if (!custom.isEmpty()) body.put("custom_fields", custom);
        return body;
    }

    // ---------------------------------------------------------------- activities

    public SyncBatch logActivities(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> done = batch.written();
        Set<Long> logged = cache.loggedActivitiesOf(integration.id(), done);
        VendorCallException stop = null;
        for (SyncItem item : done) {
            for (Lead.Activity a : item.lead().activities()) {
                if (logged.contains(a.id())) continue;
                if (stop != null) {
                    item.failAfterWrite(
                            stop.category(),
                            stop.vendorCode(),
                            "activity " + a.id() + " not logged: " + stop.getMessage());
                    break;
                }
                try {
                    VendorResponse r = http.call(
                            integration,
                            policy,
                            VendorRequest.post(
                                    NOTES,
                                    Map.of(
                                            "content",
                                            noteContent(a),
                                            "person_id",
                                            Long.parseLong(item.outcome().vendorId()))));
                    if (!r.ok()) {
                        var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                        item.failAfterWrite(
                                c.category(), c.code(), "activity " + a.id() + " not logged: " + c.message());
                        break;
                    }
                    String noteId = r.bodyOrEmpty().path("data").path("id").asText();
                    cache.activityLogged(integration.id(), a.id(), noteId);
                    item.trace("activity " + a.id() + ": logged as note " + noteId);
                } catch (VendorCallException e) {
                    item.failAfterWrite(
                            e.category(), e.vendorCode(), "activity " + a.id() + " not logged: " + e.getMessage());
                    if (stops(e)) stop = e;
                    break;
                }
            }
        }
        return batch;
    }

    /** The note's HTML content: the activity type and subject in bold, then its notes. */
    static String noteContent(Lead.Activity a) {
        String type = a.type().name().charAt(0) + a.type().name().substring(1).toLowerCase(Locale.ROOT);
        StringBuilder html = new StringBuilder("<b>").append(escape(type));
        if (a.subject() != null && !a.subject().isBlank()) html.append(": ").append(escape(a.subject()));
        html.append("</b> (").append(a.occurredAt()).append(")");
        if (a.notes() != null && !a.notes().isBlank())
            html.append("<br>").append(escape(a.notes()).replace("\n", "<br>"));
        return html.toString();
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Object> fields(MappedObject mapped) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        mapped.values().forEach((k, v) -> {
            if (CUSTOM_KEY.matcher(k).matches()) custom.put(k, v);
            else body.put(k, v);
        });
        if (!custom.isEmpty()) body.put("custom_fields", custom);
        return body;
    }

    private static void fail(SyncItem item, VendorResponse r, String what) {
        var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
        item.fail(c.category(), c.code(), what + ": " + c.message());
    }

    private static void failAll(List<SyncItem> items, VendorCallException e) {
        items.forEach(i -> i.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt()));
    }

    private static boolean stops(VendorCallException e) {
        return e.category() == ErrorCategory.AUTHENTICATION || e.category() == ErrorCategory.QUOTA_EXHAUSTED;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
