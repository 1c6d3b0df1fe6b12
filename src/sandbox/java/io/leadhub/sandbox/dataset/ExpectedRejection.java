package io.leadhub.sandbox.dataset;

/** A data row the import must reject: its line in the file (header = line 1) and a phrase of the reason. */
public record ExpectedRejection(int line, String reasonContains, String why) {}
