package io.leadhub.connector.salesforce;

import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.integration.Integration;
import io.leadhub.lead.Lead;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The lead's activities (emails, calls, meetings, notes captured at the event) as completed Tasks
 * on its Lead or Contact. Each activity is logged once per integration ({@link VendorRecordCache}
 * remembers the Task), so a lead synced again never doubles its history.
 */
@Component
class SalesforceTaskWriter {
    private final VendorRecordCache cache;
    private final SalesforceWriter writer;

    SalesforceTaskWriter(VendorRecordCache cache, SalesforceWriter writer) {
        this.cache = cache;
        this.writer = writer;
    }

    /** A Task per activity on the matched Lead/Contact, once each (activity_sync), in collections of 200. */
    SyncBatch logTasks(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> written = batch.written();
        if (written.stream().allMatch(i -> i.lead().activities().isEmpty())) return batch;
        Set<Long> logged = cache.loggedActivitiesOf(integration.id(), written);
        List<Map.Entry<SyncItem, Lead.Activity>> todo = new ArrayList<>();
        for (SyncItem item : written) {
            for (Lead.Activity a : item.lead().activities()) {
                if (logged.contains(a.id())) item.trace("task: activity " + a.id() + " already logged");
                else todo.add(Map.entry(item, a));
            }
        }
        Set<Map.Entry<SyncItem, Lead.Activity>> handled = new HashSet<>();
        try {
            writer.saveFollowUps(
                    integration,
                    "POST",
                    todo,
                    e -> task(e.getKey(), e.getValue()),
                    (e, r) -> {
                        handled.add(e);
                        cache.activityLogged(
                                integration.id(),
                                e.getValue().id(),
                                r.path("id").asText());
                        e.getKey()
                                .trace("task: " + e.getValue().type() + " activity "
                                        + e.getValue().id() + " -> Task "
                                        + r.path("id").asText());
                    },
                    (e, f) -> {
                        handled.add(e);
                        e.getKey()
                                .failAfterWrite(
                                        f.category(),
                                        f.code(),
                                        "activity " + e.getValue().id() + ": " + f.message());
                    },
                    "Task");
        } catch (VendorCallException ex) {
            todo.stream()
                    .filter(e -> !handled.contains(e))
                    .forEach(e -> e.getKey()
                            .failAfterWrite(ex.category(), ex.vendorCode(), "tasks not written: " + ex.getMessage()));
        }
        return batch;
    }

    static Map<String, Object> task(SyncItem item, Lead.Activity a) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("attributes", Map.of("type", "Task"));
        t.put("WhoId", item.outcome().vendorId());
        String subject = a.type().title() + (a.subject() == null || a.subject().isBlank() ? "" : ": " + a.subject());
        t.put("Subject", subject.length() > 255 ? subject.substring(0, 255) : subject);
        StringBuilder d = new StringBuilder();
        if (a.notes() != null && !a.notes().isBlank()) d.append(a.notes()).append("\n");
        d.append(a.origin());
        t.put("Description", d.toString());
        t.put(
                "ActivityDate",
                a.occurredAt() == null
                        ? null
                        : a.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString());
        t.put("Status", "Completed");
        return t;
    }
}
