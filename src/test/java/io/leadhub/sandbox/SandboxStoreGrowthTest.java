package io.leadhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The sandbox's embedded H2 files, opened with the URLs the sandbox uses, stay small under many small
 * commits, as the engine makes them (a lead stored, claimed, enriched, planned, cleared: a commit each).
 * An H2 store that writes every commit at once ({@code WRITE_DELAY=0}) writes a chunk per commit and runs
 * no housekeeping: about 25 KB a commit, so 20,000 rows inserted and updated one commit at a time made a
 * 1 GB file (the 6,000 commits here, about 150 MB).
 */
class SandboxStoreGrowthTest {
    private static final int COMMITS = 3000;
    /** A row is about 700 bytes: 3,000 of them, twice over, are about 4 MB of data. */
    private static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theHubsSandboxDatabaseWritesManyCommitsPerChunk() throws Exception {
        String url = sandboxSetting("spring", "datasource", "url");
        assertThat(fileGrowth(defaultOf(url), "hub")).isLessThan(MAX_FILE_BYTES);
    }

    @Test
    void theSimulatorStoreWritesManyCommitsPerChunk() throws Exception {
        assertThat(sandboxSetting("hub", "sandbox", "store-url")).isEqualTo(SimulatorStore.DEFAULT_URL);
        assertThat(fileGrowth(SimulatorStore.DEFAULT_URL, "vendors")).isLessThan(MAX_FILE_BYTES);
    }

    /** Opens the URL's settings on a file in the temporary folder, commits row by row, returns the file's size. */
    private long fileGrowth(String sandboxUrl, String name) throws Exception {
        String settings = sandboxUrl.substring(sandboxUrl.indexOf(';'));
        assertThat(settings).as("the URL sets a write delay").containsPattern("WRITE_DELAY=[1-9]");
        Path file = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file + settings, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lead(id BIGINT PRIMARY KEY, data VARCHAR(1000), state VARCHAR(20))");
            }
            String data = "x".repeat(600);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO lead VALUES (?, ?, 'PENDING')");
                    PreparedStatement update = c.prepareStatement("UPDATE lead SET state = 'CLEARED' WHERE id = ?")) {
                for (int i = 1; i <= COMMITS; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, data + i);
                    insert.executeUpdate();
                    update.setLong(1, (i * 7919L) % i + 1);
                    update.executeUpdate();
                }
            }
            // measured while open: closing the database compacts its file
            return Files.size(dir.resolve(name + ".mv.db"));
        }
    }

    private static String defaultOf(String placeholder) {
        // ${HUB_DB_URL:jdbc:h2:…}: the value the sandbox uses when no database of one's own is given
        return placeholder.startsWith("${")
                ? placeholder.substring(placeholder.indexOf(':') + 1, placeholder.length() - 1)
                : placeholder;
    }

    @SuppressWarnings("unchecked")
    private static String sandboxSetting(String... path) throws Exception {
        try (InputStream in = SandboxStoreGrowthTest.class.getResourceAsStream("/application-sandbox.yml")) {
            Object node = new Yaml().load(in);
            for (String key : path) node = ((Map<String, Object>) node).get(key);
            return (String) node;
        }
    }
}
