package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorRegistry;
import io.leadhub.sandbox.VendorSimulator;
import io.leadhub.support.HubTest;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.MaskingFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;

/**
 * No credential in clear in the hub's storage or logs: leads of every seeded demo org go through
 * every connected vendor (discovered from the seeded integrations, so a connector added later is
 * covered), with every access token expired on the way so the hub refreshes; then every text and
 * binary column of every table of the hub's database and everything logged meanwhile (with the
 * hub's and Camel's loggers at DEBUG) are searched for every secret known at that point: the
 * client secrets and refresh tokens the hub holds, and every access, refresh and authorization
 * token the simulators issued. (The simulators play the vendors; their own storage may hold them.)
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest extends HubTest {
    private static final Set<String> TOKEN_OBJECTS =
            Set.of(VendorSimulator.ACCESS_TOKENS, "_refresh_tokens", "_auth_codes");

    @Autowired
    IntegrationRepository integrations;

    @Autowired
    SimulatorRegistry simulators;

    @Test
    void noSecretInTheDatabaseOrTheLogsAfterSyncingThroughEveryVendorWithTokenRefreshes(CapturedOutput output) {
        assertThat(camel.isLogMask()).as("camel.main.log-mask").isTrue();
        assertThat(camel.getRegistry()
                        .lookupByNameAndType(MaskingFormatter.CUSTOM_LOG_MASK_REF, MaskingFormatter.class))
                .isInstanceOf(SecretMaskingFormatter.class);

        Map<String, List<Integration>> demo = new LinkedHashMap<>();
        for (String org : jdbc.queryForList(
                "SELECT DISTINCT org_id FROM integration WHERE org_id LIKE 'demo%' AND state = 'CONNECTED' "
                        + "ORDER BY org_id",
                Map.of(), String.class)) {
            demo.put(
                    org,
                    integrations.forOrg(org).stream()
                            .filter(i -> i.state() == Integration.ConnectionState.CONNECTED)
                            .toList());
        }
        Set<String> vendors = new LinkedHashSet<>();
        demo.values().forEach(list -> list.forEach(i -> vendors.add(i.vendor().key())));
        assertThat(vendors).as("seeded vendors").contains("hubspot", "marketo", "pardot", "zoho", "pipedrive");

        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("io.leadhub", LogLevel.DEBUG);
        logging.setLogLevel("org.apache.camel", LogLevel.DEBUG);
        Map<Long, Object> tokensBefore = new LinkedHashMap<>();
        int sfLoginsBefore = 0;
        try {
            String run = Long.toString(System.nanoTime() % 1_000_000L, 36);
            syncOneLeadPerOrg(demo, "first-" + run);
            demo.values()
                    .forEach(list -> list.forEach(i -> tokensBefore.put(
                            i.id(), integrations.credentials(i.id()).get("accessToken"))));
            sfLoginsBefore = sfLogins();
            for (String vendor : vendors) sandbox(HttpMethod.POST, "/" + vendor + "/_tokens/expire", null);
            syncOneLeadPerOrg(demo, "second-" + run);
        } finally {
            logging.setLogLevel("io.leadhub", LogLevel.INFO);
            logging.setLogLevel("org.apache.camel", null);
        }
        for (List<Integration> list : demo.values()) {
            for (Integration i : list) {
                if (i.vendor() == Vendor.SALESFORCE) {
                    // camel-salesforce keeps its session in memory: the re-login after expiry is seen at the vendor
                    assertThat(sfLogins() - sfLoginsBefore)
                            .as("%s salesforce logged in again", i.orgId())
                            .isPositive();
                    continue;
                }
                Object before = tokensBefore.get(i.id());
                Object after = integrations.credentials(i.id()).get("accessToken");
                assertThat(after)
                        .as("%s %s has an access token", i.orgId(), i.vendor())
                        .isNotNull();
                assertThat(after)
                        .as("%s %s refreshed its expired token", i.orgId(), i.vendor())
                        .isNotEqualTo(before);
            }
        }

        Set<String> secrets = knownSecrets(vendors);
        assertThat(secrets).as("secrets to look for").hasSizeGreaterThan(2 * vendors.size());

        List<String> hits = new ArrayList<>();
        scanDatabase(secrets, hits);
        String logs = output.getAll();
        assertThat(logs).as("the run was logged").contains("Refreshed the access token");
        for (String s : secrets) {
            if (logs.contains(s)) hits.add("log output contains a secret starting " + s.substring(0, 4) + "…");
        }
        assertThat(hits).isEmpty();
    }

    private int sfLogins() {
        return sandbox(HttpMethod.GET, "/salesforce/_stats", null)
                .path("requests")
                .path("POST /services/oauth2/token")
                .asInt();
    }

    private void syncOneLeadPerOrg(Map<String, List<Integration>> demo, String tag) {
        for (String org : demo.keySet()) {
            captureJsonTo(
                    org,
                    Map.of(
                            "captureId",
                            tag + "-" + org,
                            "email",
                            tag + "." + org + "@initech.com",
                            "firstName",
                            "Leak",
                            "lastName",
                            "Check",
                            "company",
                            "Initech"));
        }
        for (String org : demo.keySet()) {
            awaitSettled(org);
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT i.vendor, s.state, s.category, s.message FROM lead_sync s "
                            + "JOIN lead l ON l.id = s.lead_id JOIN integration i ON i.id = s.integration_id "
                            + "WHERE s.org_id = :org AND l.email_norm = :e",
                    Map.of("org", org, "e", tag + "." + org + "@initech.com"));
            assertThat(rows)
                    .as("%s: one row per connected integration", org)
                    .hasSize(demo.get(org).size());
            for (Map<String, Object> r : rows)
                assertThat(r.get("STATE"))
                        .as("%s %s: %s", org, r.get("VENDOR"), r)
                        .isEqualTo("CLEARED");
        }
    }

    private void captureJsonTo(String org, Map<String, Object> lead) {
        var r = send(HttpMethod.POST, api("/orgs/" + org + "/events/demo-event/leads"), OPERATOR, lead);
        assertThat(r.getStatusCode().value())
                .as("capture into %s: %s", org, r.getBody())
                .isEqualTo(201);
    }

    /** Client secrets and tokens held by the hub (decrypted), the sandbox seed values, and every token the simulators issued. */
    private Set<String> knownSecrets(Set<String> vendors) {
        Set<String> secrets = new LinkedHashSet<>();
        for (String org : jdbc.queryForList(
                "SELECT DISTINCT org_id FROM integration WHERE credentials_enc IS NOT NULL", Map.of(), String.class)) {
            for (Integration i : integrations.forOrg(org)) {
                integrations.credentials(i.id()).forEach((k, v) -> {
                    if (SecretRedactor.sensitive(k) && v instanceof String s && s.length() >= 8) secrets.add(s);
                });
            }
        }
        for (String v : vendors) {
            secrets.add("sandbox-" + v + "-secret");
            secrets.add("sandbox-" + v + "-refresh");
        }
        for (VendorSimulator sim : simulators.all()) {
            if (sim.store() == null) continue;
            for (String object : TOKEN_OBJECTS) {
                for (SimRecord r : sim.store().list(sim.name(), object)) {
                    if (r.id().length() >= 8) secrets.add(r.id());
                }
            }
        }
        return secrets;
    }

    /** Every character and binary column of every table of the hub's own database. */
    private void scanDatabase(Set<String> secrets, List<String> hits) {
        List<Map<String, Object>> columns = jdbc.queryForList(
                // H2 and PostgreSQL name the schema and the types differently (PUBLIC / public, BLOB / bytea, CLOB /
                // text)
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                        + "WHERE UPPER(table_schema) = 'PUBLIC' AND (UPPER(data_type) LIKE 'CHARACTER%' OR UPPER(data_type) LIKE 'BINARY%' "
                        + "OR UPPER(data_type) IN ('JSON', 'JSONB', 'TEXT', 'BYTEA') OR UPPER(data_type) LIKE '%VARCHAR%' "
                        + "OR UPPER(data_type) LIKE '%CLOB%' OR UPPER(data_type) LIKE '%BLOB%') ORDER BY table_name, column_name",
                Map.of());
        assertThat(columns).as("text columns found").hasSizeGreaterThan(20);
        for (Map<String, Object> c : columns) {
            String table = (String) c.get("TABLE_NAME");
            String column = (String) c.get("COLUMN_NAME");
            for (Object value : jdbc.queryForList(
                    "SELECT \"" + column + "\" FROM \"" + table + "\" WHERE \"" + column + "\" IS NOT NULL",
                    Map.of(),
                    Object.class)) {
                String text = text(value);
                for (String s : secrets) {
                    if (text.contains(s))
                        hits.add(table + "." + column + " contains a secret starting " + s.substring(0, 4) + "…");
                }
            }
        }
    }

    private static String text(Object value) {
        try {
            if (value instanceof byte[] b)
                return new String(b, StandardCharsets.ISO_8859_1) + new String(b, StandardCharsets.UTF_8);
            if (value instanceof Clob clob) return clob.getSubString(1, (int) clob.length());
            if (value instanceof Blob blob) return text(blob.getBytes(1, (int) blob.length()));
            return String.valueOf(value);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
