package io.leadhub.sync;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.PersistJobDataAfterExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The Quartz job of a manual-sync schedule: one firing pushes the integration's FROZEN leads (or
 * one event's) through the {@code manual-sync-push} route. Stateful and non-concurrent; with the
 * clustered JDBC job store exactly one node runs each firing, and the run log's unique key
 * (schedule id, scheduled time) refuses a second run of the same firing.
 */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
public class ManualSyncJob extends QuartzJobBean {
    private ProducerTemplate producer;

    @Autowired
    public void setProducer(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        var data = context.getMergedJobDataMap();
        Map<String, Object> headers = new HashMap<>();
        headers.put(ManualSync.H_ORG, data.getString("org"));
        headers.put(ManualSync.H_VENDOR, data.getString("vendor"));
        if (data.containsKey("event")) headers.put(ManualSync.H_EVENT, data.getString("event"));
        headers.put(ManualSync.H_STARTED_BY, "schedule");
        headers.put(ManualSync.H_SCHEDULE, context.getJobDetail().getKey().getName());
        headers.put(
                ManualSync.H_SCHEDULED_FOR,
                context.getScheduledFireTime().toInstant().atOffset(ZoneOffset.UTC));
        var answer =
                producer.send("direct:manual-sync-push", ex -> ex.getMessage().setHeaders(headers));
        if (answer.getException() != null) throw new IllegalStateException("manual sync failed", answer.getException());
    }
}
