package io.leadhub.capture;

import io.leadhub.lead.LeadRepository;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.HubMetrics;
import io.leadhub.sync.SyncPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background CSV imports, run by whichever node claims them (route {@code capture-import-jobs}):
 * {@link #claim} takes a job from the database, {@link #check} reads a new upload once for its
 * syntax (an unreadable file stores nothing), and each {@link #step} stores up to
 * {@code hub.capture.import-commit-rows} rows and commits them with the job's new position and
 * counts in one transaction, while this node still holds the job's lease. A node that stops hands
 * the job back between steps; a node that dies leaves a lease that expires. Either way the next
 * node to poll reads the stored upload again, passes over the rows already committed and goes on:
 * no row is lost or stored twice, and the counts stay those of one pass over the file.
 *
 * <p>A job is FAILED only for a reason of its own: the file cannot be read as a CSV, an import inside
 * a request whose node died (it stored nothing), or {@code hub.capture.import-attempts} runs that
 * each ended without finishing it.
 */
@Component("backgroundImportRunner")
public class BackgroundImportRunner {
    /** Set as soon as the application starts to close, before the web server and Camel wind down. */
    private volatile boolean closing;
    /** Exchange property: whether the route's loop runs another step. */
    public static final String MORE = "importMore";
    /** Exchange property: the claimed job's run ({@link Run}). */
    static final String RUN = "importRun";

    static final String NOTHING_STORED =
            "the hub stopped during this import; nothing of it was stored; upload the file again";
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundImportRunner.class);
    private static final int RENEW_EVERY = 10_000;

    private final ImportJobStore jobs;
    private final ImportUploadStore uploads;
    private final LeadRepository leads;
    private final OrgRepository orgs;
    private final SyncPlanner planner;
    private final HubMetrics metrics;
    private final ImportNode node;
    private final TransactionTemplate tx;
    private final String defaultRegion;
    private final int commitRows;
    private final int maxAttempts;

    public BackgroundImportRunner(
            ImportJobStore jobs,
            ImportUploadStore uploads,
            LeadRepository leads,
            OrgRepository orgs,
            SyncPlanner planner,
            HubMetrics metrics,
            ImportNode node,
            PlatformTransactionManager txm,
            @Value("${hub.capture.default-region:US}") String defaultRegion,
            @Value("${hub.capture.import-commit-rows:500}") int commitRows,
            @Value("${hub.capture.import-attempts:5}") int maxAttempts) {
        this.jobs = jobs;
        this.uploads = uploads;
        this.leads = leads;
        this.orgs = orgs;
        this.planner = planner;
        this.metrics = metrics;
        this.node = node;
        this.tx = new TransactionTemplate(txm);
        this.defaultRegion = defaultRegion;
        this.commitRows = Math.max(1, commitRows);
        this.maxAttempts = maxAttempts;
    }

    /** A claimed job on this node: where it started and, once open, its reader and row handler. */
    static final class Run {
        final ImportJobStore.Job job;
        CsvLeadReader.Cursor cursor;
        ImportRowWriter rows;

        Run(ImportJobStore.Job job) {
            this.job = job;
        }

        void close() {
            if (cursor != null) cursor.close();
            cursor = null;
        }
    }

    /** Route step: claims the oldest job waiting for a node, if any ({@value #MORE} says whether one was). */
    public void claim(Exchange exchange) {
        exchange.setProperty(MORE, false);
        if (stopping(exchange)) return; // a stopping node takes no new work
        ImportJobStore.Job job = jobs.claim(node.id(), node.lease()).orElse(null);
        if (job == null) return;
        if (job.uploadBytes() == null) {
            LOG.warn("Import {}: its node stopped while importing it inside the upload request", job.id());
            jobs.fail(job.id(), NOTHING_STORED);
            return;
        }
        if (job.attempts() > maxAttempts) {
            LOG.warn("Import {}: given up after {} attempts ({})", job.id(), maxAttempts, job.error());
            jobs.fail(
                    job.id(),
                    "the import was given up after " + maxAttempts + " attempts"
                            + (job.error() == null ? "" : "; the last: " + job.error()));
            return;
        }
        if (job.position().rowsRead() > 0)
            LOG.info(
                    "Import {}: resuming after row {} (line {}), attempt {}",
                    job.id(),
                    job.position().rowsRead(),
                    job.position().lastLine(),
                    job.attempts());
        exchange.setProperty(RUN, new Run(job));
        exchange.setProperty(MORE, true);
    }

    /**
     * Route step: before the first row of a new import is stored, reads the whole upload once for
     * its syntax (UTF-8, quoting, record length, header), so a file that turns out unreadable halfway
     * stores nothing: FAILED with the reason. An import resumed after a committed step was checked.
     */
    public void check(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (run == null || run.job.position().rowsRead() > 0) return;
        String id = run.job.id();
        try (InputStream in = uploads.open(id);
                CsvLeadReader.Cursor cursor = new CsvLeadReader(defaultRegion).open(in)) {
            int records = 0;
            while (cursor.skip()) {
                if (++records % RENEW_EVERY == 0 && !jobs.renew(id, node.id(), node.lease())) {
                    LOG.warn("Import {}: another node took it over while its file was checked", id);
                    exchange.setProperty(MORE, false);
                    return;
                }
            }
        } catch (CaptureException e) {
            LOG.info("Import {} failed: {}", id, e.getMessage());
            jobs.fail(id, e.getMessage());
            exchange.setProperty(MORE, false);
        } catch (IOException | RuntimeException e) {
            giveUp(exchange, run, e);
        }
    }

    /**
     * Route step: stores the next rows (up to {@code hub.capture.import-commit-rows}) and commits
     * them with the job's position and counts, or, at the end of the file, marks the job DONE and
     * deletes its upload in the same transaction. The stored leads wait PENDING in the database for
     * the enrichment stage, which claims them once the step is committed.
     */
    public void step(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (run == null) {
            exchange.setProperty(MORE, false);
            return;
        }
        String id = run.job.id();
        if (stopping(exchange)) {
            LOG.info("Import {}: this node is stopping; another node goes on after row {}", id, position(run));
            run.close();
            jobs.release(id, node.id(), true, null);
            exchange.setProperty(MORE, false);
            return;
        }
        try {
            if (run.cursor == null) open(run);
            int importedBefore = run.rows.imported();
            boolean[] finished = {false};
            tx.executeWithoutResult(s -> {
                int n = 0;
                boolean more = true;
                while (n < commitRows && (more = run.cursor.next(run.rows))) n++;
                Set<Long> leadIds = run.rows.drainLeads();
                // committed with the leads: every imported lead counts as pre-sync from now on
                planner.openEnriching(run.job.org(), leadIds);
                if (!jobs.commitStep(id, node.id(), node.lease(), run.rows.position(), run.rows.drainRejections()))
                    throw new LeaseLost();
                if (!more) jobs.complete(id);
                finished[0] = !more;
            });
            metrics.captured(run.job.org(), "CSV", run.rows.imported() - importedBefore);
            if (finished[0]) {
                run.close();
                exchange.setProperty(MORE, false);
                ImportJobStore.Position p = run.rows.position();
                LOG.info(
                        "Import {} done: {} rows, {} imported, {} merged, {} rejected",
                        id,
                        p.rowsRead(),
                        p.imported(),
                        p.merged(),
                        p.rejected());
            }
        } catch (LeaseLost e) {
            LOG.warn("Import {}: another node took it over; this node's last step was rolled back", id);
            run.close();
            exchange.setProperty(MORE, false);
        } catch (CaptureException e) {
            // the file was checked before its first row was stored; a change of the reader since can still refuse it
            LOG.info("Import {} failed: {}", id, e.getMessage());
            run.close();
            jobs.fail(id, e.getMessage());
            exchange.setProperty(MORE, false);
        } catch (RuntimeException e) {
            giveUp(exchange, run, e);
        }
    }

    /** Opens the stored upload and passes over the rows committed before (by this node or another). */
    private void open(Run run) {
        ImportJobStore.Position from = run.job.position();
        CsvLeadReader.Cursor cursor = new CsvLeadReader(defaultRegion).open(uploads.open(run.job.id()));
        for (int i = 0; i < from.rowsRead(); i++) {
            if (!cursor.skip()) {
                cursor.close();
                throw new IllegalStateException("the stored upload has fewer rows than the import's position");
            }
        }
        run.cursor = cursor;
        run.rows = new ImportRowWriter(
                run.job.id(), run.job.org(), run.job.event(), orgs.qualifiers(run.job.org()), leads, from);
    }

    /** A step that failed for a reason outside the file (the database, a bug): the job waits for the next poll. */
    private void giveUp(Exchange exchange, Run run, Exception e) {
        LOG.warn("Import {}: step failed, to be retried from its last committed row: {}", run.job.id(), e.toString());
        try {
            run.close();
        } catch (UncheckedIOException ignored) {
            // the upload's stream is read from the database; nothing to release
        }
        jobs.release(run.job.id(), node.id(), false, e.getClass().getSimpleName() + ": " + e.getMessage());
        exchange.setProperty(MORE, false);
    }

    private static int position(Run run) {
        return run.rows == null
                ? run.job.position().rowsRead()
                : run.rows.position().rowsRead();
    }

    /** The hub, or the route running the import, is shutting down. */
    /**
     * The instance is closing: its import goes back to the database at the next step instead of
     * running on while the web server and Camel wind down.
     */
    @EventListener
    public void onClosing(ContextClosedEvent event) {
        closing = true;
    }

    private boolean stopping(Exchange exchange) {
        if (closing) return true;
        CamelContext camel = exchange.getContext();
        if (camel.isStopping() || camel.isStopped()) return true;
        String route = exchange.getFromRouteId();
        ServiceStatus status = route == null ? null : camel.getRouteController().getRouteStatus(route);
        return status != null
                && (status.isStopping() || status.isStopped() || status.isSuspending() || status.isSuspended());
    }

    /** The job's lease was taken by another node (this one was too slow or was thought dead). */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
