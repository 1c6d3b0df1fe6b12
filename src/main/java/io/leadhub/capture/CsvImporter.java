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
 * CSV imports (SPEC §4). Every import has an id and a progress row (GET …/imports/{id}); rows of the
 * same email merge; bad rows are reported with their line ({@link ImportRowWriter}).
 *
 * <p>A small upload is imported inside its request in ONE transaction, so a file that turns out
 * unreadable halfway stores nothing. An upload larger than {@code hub.capture.async-import-threshold},
 * or sent with {@code ?async=true}, is stored in the database with its job and answered at once
 * (202); whichever node polls first imports it in committed steps and, if that node stops or dies,
 * another one resumes it ({@link BackgroundImportRunner}).
 */
@Service("csvImporter")
public class CsvImporter {
    private static final int PROGRESS_EVERY = 500;
    private final CaptureService capture;
    private final LeadRepository leads;
    private final OrgRepository orgs;
    private final ImportJobStore jobs;
    private final HubMetrics metrics;
    private final SyncPlanner planner;
    private final ImportNode node;
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
            ImportNode node,
            PlatformTransactionManager txm,
            @Value("${hub.capture.default-region:US}") String defaultRegion,
            @Value("${hub.capture.async-import-threshold:2MB}") DataSize asyncThreshold) {
        this.capture = capture;
        this.leads = leads;
        this.orgs = orgs;
        this.jobs = jobs;
        this.metrics = metrics;
        this.planner = planner;
        this.node = node;
        this.tx = new TransactionTemplate(txm);
        this.defaultRegion = defaultRegion;
        this.asyncThreshold = asyncThreshold.toBytes();
    }

    /** Route step of capture-import: imports now (200 with the counts), or stores a background job (202). */
    public CaptureService.Captured importCsv(Exchange exchange) {
        var m = exchange.getMessage();
        String org = m.getHeader("org", String.class);
        String event = capture.requireEvent(org, m.getHeader("event", String.class));
        String id = "imp-" + UUID.randomUUID();
        String spooled = m.getHeader(UploadSpoolFilter.HEADER, String.class);
        boolean async = "true".equalsIgnoreCase(m.getHeader("async", String.class))
                || (spooled != null && size(spooled) > asyncThreshold);
        if (async && spooled != null) {
            try (InputStream upload = open(spooled)) {
                jobs.store(id, org, event, upload);
            } catch (IOException e) {
                throw ApiException.badRequest("the upload cannot be read: " + e.getMessage());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("importId", id);
            answer.put("state", "RUNNING");
            answer.put("progress", "/api/v1/orgs/" + org + "/imports/" + id);
            return new CaptureService.Captured(202, answer);
        }
        jobs.start(id, org, event, node.id(), node.lease());
        Map<String, Object> answer;
        try (InputStream body = spooled != null ? open(spooled) : m.getBody(InputStream.class)) {
            if (body == null) {
                jobs.fail(id, "the CSV body is empty");
                throw ApiException.badRequest("the CSV body is empty");
            }
            answer = runInline(id, org, event, body);
        } catch (IOException e) {
            jobs.fail(id, "the upload cannot be read");
            throw ApiException.badRequest("the upload cannot be read: " + e.getMessage());
        }
        answer.put("importId", id);
        return new CaptureService.Captured(200, answer);
    }

    /** The whole file in one transaction; the progress (and the job's lease) in transactions of their own. */
    private Map<String, Object> runInline(String id, String org, String event, InputStream body) {
        ImportRowWriter rows = new ImportRowWriter(
                id, org, event, orgs.qualifiers(org), leads, new ImportJobStore.Position(0, 0, 0, 0, 0));
        List<ImportJobStore.Rejection> rejections = new ArrayList<>();
        try {
            tx.executeWithoutResult(s -> {
                try (CsvLeadReader.Cursor cursor = new CsvLeadReader(defaultRegion).open(body)) {
                    while (cursor.next(rows)) {
                        if (rows.position().rowsRead() % PROGRESS_EVERY == 0)
                            jobs.progress(id, node.id(), node.lease(), rows.position());
                    }
                }
                Set<Long> leadIds = rows.drainLeads();
                // committed with the leads: every imported lead counts as pre-sync from now on
                planner.openEnriching(org, leadIds);
                rejections.addAll(rows.drainRejections());
                if (!jobs.finish(id, node.id(), rows.position(), rejections)) throw new LeaseExpired();
            });
        } catch (LeaseExpired e) {
            throw new ApiException(
                    503,
                    "import_interrupted",
                    "the import took longer than its lease (hub.capture.import-lease) and was given up; nothing was "
                            + "stored: upload the file again, or with ?async=true");
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
        ImportJobStore.Position done = rows.position();
        metrics.captured(org, "CSV", done.imported());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("imported", done.imported());
        answer.put("merged", done.merged());
        answer.put("rejected", done.rejected());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (ImportJobStore.Rejection r : rejections) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("line", r.line());
            one.put("reason", r.reason());
            listed.add(one);
        }
        answer.put("rejections", listed);
        return answer;
    }

    /** The job of an import inside its request was given up by a poller while the request still ran. */
    private static final class LeaseExpired extends RuntimeException {
        LeaseExpired() {
            super("lease expired", null, false, false);
        }
    }

    /** The capture id of a CSV row without one: the event and the email, else a hash of the row's fields. */
    static String csvCaptureId(String event, LeadDraft draft) {
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

    /** The spooled upload, deleted once read (or copied into the database). */
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
