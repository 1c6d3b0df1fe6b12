package io.leadhub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.integration.Integration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The operators' JMX handle ({@code io.leadhub:type=Operations,name=ManualSync}): push frozen
 * leads, retry failures, pause and resume an integration, and read its counts — from JConsole or
 * any JMX client. Pushes go through the same {@code manual-sync-push} route as schedules and HTTP.
 */
@Component
@ManagedResource(
        objectName = "io.leadhub:type=Operations,name=ManualSync",
        description = "Lead Hub operations: manual sync, retries, pause/resume, counts")
public class OperationsMBean {
    private final ManualSync manualSync;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public OperationsMBean(ManualSync manualSync, ProducerTemplate producer, ObjectMapper json) {
        this.manualSync = manualSync;
        this.producer = producer;
        this.json = json;
    }

    @ManagedOperation(
            description =
                    "Push the FROZEN leads of an integration (event empty = every event); answers how many were released")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "org", description = "org id, e.g. demo"),
        @ManagedOperationParameter(name = "vendor", description = "hubspot, salesforce, marketo..."),
        @ManagedOperationParameter(name = "event", description = "event id, or empty for every event")
    })
    public int pushFrozen(String org, String vendor, String event) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(ManualSync.H_ORG, org);
        headers.put(ManualSync.H_VENDOR, vendor);
        headers.put(ManualSync.H_EVENT, event);
        headers.put(ManualSync.H_STARTED_BY, "jmx");
        var answer =
                producer.send("direct:manual-sync-push", ex -> ex.getMessage().setHeaders(headers));
        if (answer.getException() != null)
            throw new IllegalArgumentException(answer.getException().getMessage());
        return answer.getMessage().getHeader("released", 0, Integer.class);
    }

    @ManagedOperation(
            description =
                    "Retry the FAILED leads of an integration (category empty = every category); answers how many were queued")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "org", description = "org id"),
        @ManagedOperationParameter(name = "vendor", description = "vendor"),
        @ManagedOperationParameter(name = "category", description = "e.g. NO_TAG_MAPPING, or empty for all")
    })
    public int retryFailures(String org, String vendor, String category) {
        Integration i = manualSync.integration(org, vendor);
        return dispatch(manualSync.retry(i, null, category == null || category.isBlank() ? null : category, null));
    }

    @ManagedOperation(description = "Pause an integration: nothing is sent, waiting leads are HELD")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "org", description = "org id"),
        @ManagedOperationParameter(name = "vendor", description = "vendor")
    })
    public void pauseIntegration(String org, String vendor) {
        manualSync.pause(manualSync.integration(org, vendor));
    }

    @ManagedOperation(
            description =
                    "Resume a paused integration: HELD leads are released per its sync mode; answers how many were queued")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "org", description = "org id"),
        @ManagedOperationParameter(name = "vendor", description = "vendor")
    })
    public int resumeIntegration(String org, String vendor) {
        return dispatch(manualSync.resume(manualSync.integration(org, vendor)));
    }

    @ManagedOperation(description = "Counts per reconciliation state and the last manual push, as JSON")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "org", description = "org id"),
        @ManagedOperationParameter(name = "vendor", description = "vendor")
    })
    public String counts(String org, String vendor) throws Exception {
        return json.writeValueAsString(manualSync.counts(manualSync.integration(org, vendor)));
    }

    /** Sends the queued rows to dispatch (when there are any); answers how many were queued. */
    private int dispatch(List<SyncRepository.DispatchRef> refs) {
        if (!refs.isEmpty()) producer.sendBody("direct:sync-dispatch", refs);
        return refs.size();
    }
}
