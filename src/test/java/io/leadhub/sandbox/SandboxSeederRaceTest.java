package io.leadhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.HubTest;
import io.leadhub.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several hub instances on one database may seed the demo orgs at the same moment
 * (src/scripts/cluster.sh). The collision is made certain: one seeding has written the orgs but
 * not committed them when two more start, so those two find no org and are held at their first
 * insert until it commits. They do not fail: each seeds again and finds the rows, and the orgs
 * hold exactly what one seeding alone writes, pointing at the simulators URL they were given.
 */
class SandboxSeederRaceTest extends HubTest {
    private static final List<String> ORGS = List.of("demo", "demo-sf", "demo-zoho", "demo-pd");

    @Autowired
    SandboxSeeder seeder;

    @Autowired
    TransactionTemplate tx;

    @Test
    void seedersStartingTogetherDoNotCollide() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000, 36);
        String alone = "alone" + run + "-", prefix = "race" + run + "-";
        String simulators = "http://127.0.0.1:" + port;
        seeder.seedDemoOrgs(alone, simulators);

        List<CompletableFuture<Void>> others = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            seeder.seedDemoOrgs(prefix, simulators);
            for (int i = 0; i < 2; i++)
                others.add(CompletableFuture.runAsync(() -> seeder.seedDemoOrgs(prefix, simulators)));
            Awaitility.await("two seedings held by this one's uncommitted rows")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> waitingForLocks() >= 2);
        });
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (String org : ORGS) {
            for (String table : List.of("event", "qualifier", "integration", "field_mapping", "qualifier_mapping")) {
                assertThat(rows(table, prefix + org))
                        .as("%s rows of %s%s, as one seeding alone writes", table, prefix, org)
                        .isEqualTo(rows(table, alone + org))
                        .isPositive();
            }
            assertThat(rows("campaign_link", prefix + org)).isEqualTo(rows("campaign_link", alone + org));
            assertThat(jdbc.queryForList(
                            "SELECT base_url FROM integration WHERE org_id = :org",
                            Map.of("org", prefix + org),
                            String.class))
                    .allSatisfy(url -> assertThat(url).startsWith(simulators + "/sandbox/"));
        }
    }

    /** Sessions of this database held in an insert of an org (by another transaction's uncommitted row). */
    private int waitingForLocks() {
        String sql = TestDatabase.postgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                        + "AND query LIKE 'INSERT INTO org (%'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO org (%'";
        Integer n = jdbc.getJdbcTemplate().queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }

    private int rows(String table, String org) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + table + " WHERE org_id = :org", Map.of("org", org), Integer.class);
        return n == null ? 0 : n;
    }
}
