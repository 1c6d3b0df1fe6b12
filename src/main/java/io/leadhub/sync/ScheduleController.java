package io.leadhub.sync;

import io.leadhub.platform.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Manual-sync schedules of an integration (Quartz cron + time zone, optionally one event). */
@RestController
class ScheduleController {
    private final ScheduleService schedules;
    private final ManualSync manualSync;

    ScheduleController(ScheduleService schedules, ManualSync manualSync) {
        this.schedules = schedules;
        this.manualSync = manualSync;
    }

    record NewSchedule(String cron, String timeZone, String event) {}

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/schedules")
    List<ScheduleService.Schedule> list(@PathVariable String org, @PathVariable String vendor) {
        return schedules.list(manualSync.integration(org, vendor));
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/schedules")
    @ResponseStatus(HttpStatus.CREATED)
    ScheduleService.Schedule create(
            @PathVariable String org, @PathVariable String vendor, @RequestBody NewSchedule body) {
        return schedules.create(manualSync.integration(org, vendor), body.cron(), body.timeZone(), body.event());
    }

    @DeleteMapping("/api/v1/orgs/{org}/integrations/{vendor}/schedules/{id}")
    ResponseEntity<Void> delete(@PathVariable String org, @PathVariable String vendor, @PathVariable String id) {
        if (!schedules.delete(manualSync.integration(org, vendor), id))
            throw ApiException.notFound("schedule '" + id + "'");
        return ResponseEntity.noContent().build();
    }
}
