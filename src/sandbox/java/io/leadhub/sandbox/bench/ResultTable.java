package io.leadhub.sandbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's results: an aligned table with notes on the console, a markdown table in a file. */
final class ResultTable {
    private static final String[] HEADER = {"Section", "Measure", "Target", "Figure", "Verdict"};

    private final List<String> context = new ArrayList<>();
    private final List<BenchResult> rows = new ArrayList<>();

    /** A line about the run (machine, options) printed above the table. */
    void context(String line) {
        context.add(line);
    }

    synchronized void add(BenchResult row) {
        rows.add(row);
    }

    synchronized List<BenchResult> rows() {
        return List.copyOf(rows);
    }

    boolean allPassed() {
        return rows().stream().noneMatch(r -> r.verdict() == BenchResult.Verdict.FAIL);
    }

    void print(PrintStream out) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (BenchResult r : rows()) cells.add(cells(r));
        int[] width = new int[HEADER.length];
        for (String[] c : cells) for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
        context.forEach(out::println);
        out.println();
        for (int n = 0; n < cells.size(); n++) {
            StringBuilder line = new StringBuilder();
            String[] c = cells.get(n);
            for (int i = 0; i < c.length; i++) {
                if (i > 0) line.append("  ");
                line.append(pad(c[i], width[i]));
            }
            out.println(line.toString().stripTrailing());
            if (n == 0) out.println("-".repeat(line.toString().stripTrailing().length()));
        }
        out.println();
        int i = 1;
        for (BenchResult r : rows()) {
            if (!r.note().isBlank()) out.println("[" + i + "] " + r.section() + " / " + r.measure() + ": " + r.note());
            i++;
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        context.forEach(c -> md.append("- ").append(c).append('\n'));
        md.append("\n| Section | Measure | Target | Figure | Verdict | Note |\n|---|---|---|---|---|---|\n");
        for (BenchResult r : rows()) {
            String[] c = cells(r);
            md.append("| ");
            for (String cell : c) md.append(escape(cell)).append(" | ");
            md.append(escape(r.note())).append(" |\n");
        }
        return md.toString();
    }

    void writeMarkdown(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }

    private static String[] cells(BenchResult r) {
        return new String[] {
            r.section(), r.measure(), r.target(), r.figure(), r.verdict().label()
        };
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
