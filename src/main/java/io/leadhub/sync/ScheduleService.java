package io.leadhub.sync;

import io.leadhub.integration.Integration;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.stereotype.Service;

/**
 * Manual-sync schedules per integration ("every show day at 18:00 Europe/Berlin"), kept in Quartz's
 * JDBC job store in the hub's database: they survive restarts. The Quartz group is
 * {@code <org>/<vendor>}, so an org only ever sees its own schedules. A firing missed while the hub
 * was down runs once when it is back.
 */
@Service
public class ScheduleService {
    private final Scheduler scheduler;
    private final OrgRepository orgs;

    public ScheduleService(Scheduler scheduler, OrgRepository orgs) {
        this.scheduler = scheduler;
        this.orgs = orgs;
    }

    public record Schedule(
            String id, String cron, String timeZone, String event, String nextFireTime, String previousFireTime) {}

    /** A new schedule of the integration (of one event of its org, or of all when {@code event} is null). */
    public Schedule create(Integration i, String cron, String timeZone, String event) {
        if (event != null && !orgs.eventExists(i.orgId(), event)) throw ApiException.notFound("event '" + event + "'");
        if (cron == null || !CronExpression.isValidExpression(cron)) {
            throw ApiException.unprocessable(
                    "'cron' is not a valid Quartz cron expression (seconds minutes hours day-of-month "
                            + "month day-of-week [year], e.g. \"0 0 18 ? * MON-FRI\")");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
        } catch (DateTimeException e) {
            throw ApiException.unprocessable("'timeZone' is not a known time zone (e.g. Europe/Berlin)");
        }
        String id = "schedule-" + UUID.randomUUID();
        JobDetail job = JobBuilder.newJob(ManualSyncJob.class)
                .withIdentity(id, group(i))
                .storeDurably()
                .requestRecovery()
                .usingJobData("org", i.orgId())
                .usingJobData("vendor", i.vendor().key())
                .withDescription("manual sync of " + i.orgId() + "/"
                        + i.vendor().key() + (event == null ? "" : " event " + event))
                .build();
        if (event != null) job.getJobDataMap().put("event", event);
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(id, group(i))
                .forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                        .inTimeZone(TimeZone.getTimeZone(zone))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        try {
            scheduler.scheduleJob(job, trigger);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot store the schedule", e);
        }
        return find(i, id).orElseThrow();
    }

    public List<Schedule> list(Integration i) {
        List<Schedule> out = new ArrayList<>();
        try {
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group(i))))
                find(i, key.getName()).ifPresent(out::add);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
        out.sort(Comparator.comparing(Schedule::id));
        return out;
    }

    public boolean delete(Integration i, String id) {
        try {
            return scheduler.deleteJob(JobKey.jobKey(id, group(i)));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Schedule> find(Integration i, String id) {
        try {
            JobDetail job = scheduler.getJobDetail(JobKey.jobKey(id, group(i)));
            if (job == null) return Optional.empty();
            var triggers = scheduler.getTriggersOfJob(job.getKey());
            if (triggers.isEmpty() || !(triggers.get(0) instanceof CronTrigger t)) return Optional.empty();
            return Optional.of(new Schedule(
                    id,
                    t.getCronExpression(),
                    t.getTimeZone().getID(),
                    job.getJobDataMap().getString("event"),
                    t.getNextFireTime() == null
                            ? null
                            : t.getNextFireTime().toInstant().toString(),
                    t.getPreviousFireTime() == null
                            ? null
                            : t.getPreviousFireTime().toInstant().toString()));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String group(Integration i) {
        return i.orgId() + "/" + i.vendor().key();
    }

    /** For operators: every schedule of every org. */
    public Map<String, List<String>> all() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            for (String g : scheduler.getJobGroupNames()) {
                out.put(
                        g,
                        scheduler.getJobKeys(GroupMatcher.jobGroupEquals(g)).stream()
                                .map(JobKey::getName)
                                .sorted()
                                .toList());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
