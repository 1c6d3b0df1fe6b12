package io.leadhub.capture;

import io.leadhub.lead.LeadDraft;

/** Receives the outcome of each CSV record, in file order. */
public interface CsvRowHandler {

    /** A good row; {@code line} is the 1-based physical line where the record starts (the header is line 1). */
    void row(int line, LeadDraft draft);

    /** A row that cannot be imported, with the reason shown to the user; the import goes on. */
    void rejected(int line, String reason);
}
