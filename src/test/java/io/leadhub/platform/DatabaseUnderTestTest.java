package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.HubTest;
import io.leadhub.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The suite runs where it says it runs: on PostgreSQL under {@code -Ppostgresql}, on H2 otherwise,
 * with the settings that follow from the database (Quartz's delegate, the binary column type).
 */
class DatabaseUnderTestTest extends HubTest {
    @Autowired
    DataSource dataSource;

    @Autowired
    Environment env;

    @Test
    void theHubRunsOnTheDatabaseTheSuiteWasAskedFor() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .isEqualTo(TestDatabase.postgres() ? "PostgreSQL" : "H2");
        }
    }

    @Test
    void quartzAndTheMigrationsFollowTheDatabase() {
        assertThat(env.getProperty("spring.quartz.properties.org.quartz.jobStore.driverDelegateClass"))
                .isEqualTo(
                        TestDatabase.postgres()
                                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                                : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        String type = jdbc.queryForObject(
                TestDatabase.postgres()
                        ? "SELECT data_type FROM information_schema.columns WHERE table_name = 'qrtz_job_details' AND column_name = 'job_data'"
                        : "SELECT data_type FROM information_schema.columns WHERE table_name = 'QRTZ_JOB_DETAILS' AND column_name = 'JOB_DATA'",
                Map.of(),
                String.class);
        assertThat(type).isEqualTo(TestDatabase.postgres() ? "bytea" : "BINARY LARGE OBJECT");
    }
}
