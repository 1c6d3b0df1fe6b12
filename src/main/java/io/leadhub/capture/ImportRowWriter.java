package io.leadhub.capture;

import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadRepository;
import io.leadhub.org.Qualifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an import does with each CSV record, in the caller's transaction: a good row becomes a new
 * lead, or merges into the lead of an earlier row of the same upload with the same email (another
 * scan of the person) or into the lead the hub already has under the row's capture id (a re-send);
 * a bad row is rejected with its line. Every lead a row touches is tagged with the import at once,
 * so "an earlier row of this upload" is found in the database: nothing here grows with the file,
 * and an import resumed by another node treats the rows before its position as this node would.
 *
 * <p>The counts are cumulative from the position the import starts at; the leads to enrich and the
 * rejections are collected until {@link #drainLeads} / {@link #drainRejections}.
 */
final class ImportRowWriter implements CsvRowHandler {
    private final String importId;
    private final String org;
    private final String event;
    private final List<Qualifier> qualifiers;
    private final Set<String> singleSelect;
    private final LeadRepository leads;
    private Set<Long> toEnrich = new LinkedHashSet<>();
    private List<ImportJobStore.Rejection> rejections = new ArrayList<>();
    private int rowsRead;
    private int lastLine;
    private int imported;
    private int merged;
    private int rejected;

    ImportRowWriter(
            String importId,
            String org,
            String event,
            List<Qualifier> qualifiers,
            LeadRepository leads,
            ImportJobStore.Position from) {
        this.importId = importId;
        this.org = org;
        this.event = event;
        this.qualifiers = qualifiers;
        this.singleSelect = CaptureService.singleSelect(qualifiers);
        this.leads = leads;
        this.rowsRead = from.rowsRead();
        this.lastLine = from.lastLine();
        this.imported = from.imported();
        this.merged = from.merged();
        this.rejected = from.rejected();
    }

    @Override
    public void row(int line, LeadDraft draft) {
        count(line);
        List<String> problems = CaptureService.qualifierProblems(qualifiers, event, draft, false);
        if (!problems.isEmpty()) {
            reject(line, String.join("; ", problems));
            return;
        }
        String email = draft.emailNorm();
        Long sameInFile = email == null
                ? null
                : leads.findIdInImport(org, importId, email).orElse(null);
        if (draft.captureId() == null) draft.captureId(CsvImporter.csvCaptureId(event, draft));
        Long target = sameInFile != null
                ? sameInFile
                : leads.findIdByCaptureId(org, draft.captureId()).orElse(null);
        if (target != null) {
            // a second row of this upload is another scan; a row of an earlier upload is a re-send
            if (leads.merge(target, draft, sameInFile != null, singleSelect)) toEnrich.add(target);
            if (sameInFile == null) leads.tagImport(List.of(target), importId);
            merged++;
        } else {
            toEnrich.add(leads.insert(org, event, draft, importId));
            imported++;
        }
    }

    @Override
    public void rejected(int line, String reason) {
        count(line);
        reject(line, reason);
    }

    private void count(int line) {
        rowsRead++;
        lastLine = line;
    }

    private void reject(int line, String reason) {
        rejected++;
        rejections.add(new ImportJobStore.Rejection(line, reason));
    }

    /** Where the import is now: the records handled (its resumable position) and the counts. */
    ImportJobStore.Position position() {
        return new ImportJobStore.Position(rowsRead, lastLine, imported, merged, rejected);
    }

    int imported() {
        return imported;
    }

    /** The new or changed leads since the last drain (their pre-sync rows are opened in the same transaction). */
    Set<Long> drainLeads() {
        Set<Long> out = toEnrich;
        toEnrich = new LinkedHashSet<>();
        return out;
    }

    /** The rows rejected since the last drain. */
    List<ImportJobStore.Rejection> drainRejections() {
        List<ImportJobStore.Rejection> out = rejections;
        rejections = new ArrayList<>();
        return out;
    }
}
