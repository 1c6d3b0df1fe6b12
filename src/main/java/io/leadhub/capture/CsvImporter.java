package io.leadhub.capture;

import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadRepository;
import io.leadhub.org.OrgRepository;
import io.leadhub.org.Qualifier;
import io.leadhub.platform.ApiException;
import io.leadhub.platform.HubMetrics;
import io.leadhub.platform.UploadSpoolFilter;
import io.leadhub.sync.SyncPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * CSV imports (SPEC §4): the upload is streamed row by row into leads in ONE transaction, so a
 * file that turns out unreadable halfway stores nothing; rows of the same email merge; bad rows are
 * reported with their line. Every import has an id and a progress row (GET …/imports/{id}); an
 * upload larger than {@code hub.capture.async-import-threshold}, or sent with {@code ?async=true},
 * is answered at once (202) and imported in the background.
 */
@Service("csvImporter")
public class CsvImporter {
    public static final String JOB = "importJob";
    private static final int PROGRESS_EVERY = 500;
    private final CaptureService capture;
    private final LeadRepository leads;
    private final OrgRepository orgs;
    private final ImportJobStore jobs;
    private final HubMetrics metrics;
    private final SyncPlanner planner;
    private final TransactionTemplate tx;
    private final String defaultRegion;
    private final long asyncThreshold;

    public CsvImporter(
            CaptureService capture,
            LeadRepository leads,
            OrgRepository orgs,
            ImportJobStore jobs,
            HubMetrics metrics,
            SyncPlanner planner,
            PlatformTransactionManager txm,
            @Value("${hub.capture.default-region:US}") String defaultRegion,
            @Value("${hub.capture.async-import-threshold:2MB}") DataSize asyncThreshold) {
        this.capture = capture;
        this.leads = leads;
        this.orgs = orgs;
        this.jobs = jobs;
        this.metrics = metrics;
        this.planner = planner;
        this.tx = new TransactionTemplate(txm);
        this.defaultRegion = defaultRegion;
        this.asyncThreshold = asyncThreshold.toBytes();
    }

    /** Route step of capture-import: imports now (200 with the counts), or registers a background job (202). */
    public CaptureService.Captured importCsv(Exchange exchange) {
        var m = exchange.getMessage();
        String org = m.getHeader("org", String.class);
        String event = capture.requireEvent(org, m.getHeader("event", String.class));
        String id = "imp-" + UUID.randomUUID();
        String spooled = m.getHeader(UploadSpoolFilter.HEADER, String.class);
        boolean async = "true".equalsIgnoreCase(m.getHeader("async", String.class))
                || (spooled != null && size(spooled) > asyncThreshold);
        jobs.start(id, org, event);
        if (async && spooled != null) {
            m.setHeader(JOB, id);
            exchange.setProperty(JOB, id);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("importId", id);
            answer.put("state", "RUNNING");
            answer.put("progress", "/api/v1/orgs/" + org + "/imports/" + id);
            return new CaptureService.Captured(202, answer);
        }
        InputStream body = spooled != null ? open(spooled) : m.getBody(InputStream.class);
        if (body == null) throw ApiException.badRequest("the CSV body is empty");
        Map<String, Object> answer = run(exchange, id, org, event, body);
        answer.put("importId", id);
        return new CaptureService.Captured(200, answer);
    }

    /** Route step of capture-import-background: runs a registered job from its spooled file. */
    public void runJob(Exchange exchange) {
        var m = exchange.getMessage();
        String id = m.getHeader(JOB, String.class);
        try {
            run(
                    exchange,
                    id,
                    m.getHeader("org", String.class),
                    m.getHeader("event", String.class),
                    open(m.getHeader(UploadSpoolFilter.HEADER, String.class)));
        } catch (ApiException e) {
            jobs.fail(id, e.getMessage());
        }
    }

    /** Route step at start-up. */
    public int failInterrupted() {
        return jobs.failInterrupted();
    }

    private Map<String, Object> run(Exchange exchange, String id, String org, String event, InputStream body) {
        List<Qualifier> qualifiers = orgs.qualifiers(org);
        Set<String> singleSelect = CaptureService.singleSelect(qualifiers);
        Map<String, Long> byEmail = new HashMap<>();
        Set<Long> touched = new LinkedHashSet<>();
        Set<Long> toEnrich = new LinkedHashSet<>();
        List<Map<String, Object>> rejections = new ArrayList<>();
        int[] counts = new int[3]; // imported, merged, rows read
        try {
            tx.executeWithoutResult(s -> {
                new CsvLeadReader(defaultRegion).read(body, new CsvRowHandler() {
                    @Override
                    public void row(int line, LeadDraft draft) {
                        tick();
                        List<String> problems = CaptureService.qualifierProblems(qualifiers, event, draft, false);
                        if (!problems.isEmpty()) {
                            reject(line, String.join("; ", problems));
                            return;
                        }
                        String email = draft.emailNorm();
                        Long sameInFile = email == null ? null : byEmail.get(email);
                        if (draft.captureId() == null) draft.captureId(csvCaptureId(event, draft));
                        Long target = sameInFile != null
                                ? sameInFile
                                : leads.findIdByCaptureId(org, draft.captureId())
                                        .orElse(null);
                        if (target != null) {
                            // a second row of this upload is another scan; a row of an earlier upload is a re-send
                            if (leads.merge(target, draft, sameInFile != null, singleSelect)) toEnrich.add(target);
                            counts[1]++;
                        } else {
                            target = leads.insert(org, event, draft);
                            toEnrich.add(target);
                            counts[0]++;
                        }
                        touched.add(target);
                        if (email != null) byEmail.put(email, target);
                    }

                    @Override
                    public void rejected(int line, String reason) {
                        tick();
                        reject(line, reason);
                    }

                    private void reject(int line, String reason) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("line", line);
                        r.put("reason", reason);
                        rejections.add(r);
                    }

                    private void tick() {
                        if (++counts[2] % PROGRESS_EVERY == 0)
                            jobs.progress(id, counts[2], counts[0], counts[1], rejections.size());
                    }
                });
                leads.tagImport(touched, id);
                // committed with the leads: every imported lead counts as pre-sync from now on
                planner.openEnriching(org, toEnrich);
            });
        } catch (CaptureException e) {
            jobs.fail(id, e.getMessage());
            throw new ApiException(e.getMessage().contains("not a UTF-8") ? 415 : 400, "bad_csv", e.getMessage());
        } catch (DuplicateKeyException e) {
            jobs.fail(id, "another upload of the same rows was running");
            throw ApiException.conflict("another upload of the same rows is running; retry when it has finished");
        } catch (RuntimeException e) {
            jobs.fail(id, "the import failed: " + e.getClass().getSimpleName());
            throw e;
        }
        jobs.finish(id, counts[2], counts[0], counts[1], rejections);
        exchange.setProperty("leadsToEnrich", List.copyOf(toEnrich));
        metrics.captured(org, "CSV", counts[0]);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("imported", counts[0]);
        answer.put("merged", counts[1]);
        answer.put("rejected", rejections.size());
        answer.put("rejections", rejections);
        return answer;
    }

    /** The capture id of a CSV row without one: the event and the email, else a hash of the row's fields. */
    private static String csvCaptureId(String event, LeadDraft draft) {
        String email = draft.emailNorm();
        return "csv:" + event + ":"
                + (email != null ? email : CaptureService.sha256(draft.fields().toString()));
    }

    /** What an import of a CSV would do with each row, found without storing anything ({@link #scan}). */
    public interface ScanSink {
        /** A row that becomes a new lead. */
        void newLead(int line, LeadDraft draft);

        /** A row merged into a lead of an earlier row of the same file (same email): another scan of it. */
        void mergedInFile(int line, LeadDraft draft);

        /** A row merged into a lead the hub already has ({@code leadId}): an update if it adds anything. */
        void known(int line, long leadId, LeadDraft draft);

        void rejected(int line, String reason);
    }

    /**
     * Reads a CSV exactly as {@link #importCsv} would (the same reader, qualifier checks, capture ids
     * and merging of rows with one email) and tells {@code sink} what each row would become, storing
     * nothing: the import forecast. 400 / 415 for a file the import would refuse as a whole.
     */
    public void scan(String org, String event, InputStream body, ScanSink sink) {
        List<Qualifier> qualifiers = orgs.qualifiers(org);
        Set<String> emails = new LinkedHashSet<>();
        try {
            new CsvLeadReader(defaultRegion).read(body, new CsvRowHandler() {
                @Override
                public void row(int line, LeadDraft draft) {
                    List<String> problems = CaptureService.qualifierProblems(qualifiers, event, draft, false);
                    if (!problems.isEmpty()) {
                        sink.rejected(line, String.join("; ", problems));
                        return;
                    }
                    String email = draft.emailNorm();
                    if (email != null && !emails.add(email)) {
                        sink.mergedInFile(line, draft);
                        return;
                    }
                    if (draft.captureId() == null) draft.captureId(csvCaptureId(event, draft));
                    Long known = leads.findIdByCaptureId(org, draft.captureId()).orElse(null);
                    if (known != null) sink.known(line, known, draft);
                    else sink.newLead(line, draft);
                }

                @Override
                public void rejected(int line, String reason) {
                    sink.rejected(line, reason);
                }
            });
        } catch (CaptureException e) {
            throw new ApiException(e.getMessage().contains("not a UTF-8") ? 415 : 400, "bad_csv", e.getMessage());
        }
    }

    /** The spooled upload, deleted once read. */
    private static InputStream open(String spooled) {
        try {
            return Files.newInputStream(Path.of(spooled), StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw ApiException.badRequest("the upload cannot be read: " + e.getMessage());
        }
    }

    private static long size(String spooled) {
        try {
            return Files.size(Path.of(spooled));
        } catch (IOException e) {
            return 0;
        }
    }
}
