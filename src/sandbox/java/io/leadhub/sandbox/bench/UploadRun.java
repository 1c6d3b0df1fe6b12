package io.leadhub.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * One CSV upload into an org's event, followed over the API: the upload's answer (200 with the
 * counts, or 202 and an import job for a large file), then the reconciliation summaries of the
 * org's integrations until every imported lead is settled (CLEARED or FAILED) at each of them.
 */
final class UploadRun {
    private static final Duration POLL = Duration.ofMillis(250);

    private final HubApi api;
    private final String org;
    private final SettleWatch watch;
    private long sentNanos;
    private long answeredNanos;
    private HubApi.Answer answer;

    private UploadRun(HubApi api, String org, SettleWatch watch) {
        this.api = api;
        this.org = org;
        this.watch = watch;
    }

    /** Notes how many leads each integration has settled already, then uploads the CSV. */
    static UploadRun upload(HubApi api, String org, String event, List<String> vendors, byte[] csv)
            throws IOException, InterruptedException {
        UploadRun run = new UploadRun(api, org, SettleWatch.from(api, org, event, vendors));
        run.sentNanos = System.nanoTime();
        run.answer = api.post(
                "/api/v1/orgs/" + org + "/events/" + event + "/leads/import", "text/csv", csv, Duration.ofMinutes(10));
        run.answeredNanos = System.nanoTime();
        if (!run.answer.ok())
            throw new IOException("the upload answered " + run.answer.status() + ": " + run.answer.body());
        return run;
    }

    long sentNanos() {
        return sentNanos;
    }

    long answeredNanos() {
        return answeredNanos;
    }

    int status() {
        return answer.status();
    }

    /** Leads the upload imported: from the answer, or (202) from its import job once that is done. */
    int awaitImported(Duration timeout) throws IOException, InterruptedException {
        if (answer.status() != 202) return answer.body().path("imported").asInt();
        String id = answer.body().path("importId").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = api.importJob(org, id);
            String state = job.path("state").asText();
            if ("DONE".equals(state)) return job.path("imported").asInt();
            if (!"RUNNING".equals(state)) throw new IOException("import " + id + " ended " + state + ": " + job);
            if (System.nanoTime() > deadline)
                throw new IOException("import " + id + " still running after " + timeout.toSeconds() + " s");
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until every imported lead is settled at every integration (see {@link SettleWatch#await}). */
    SettleWatch.Settled awaitSettled(int expected, Duration timeout) throws IOException, InterruptedException {
        return watch.await(expected, timeout);
    }
}
