package io.leadhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Helpers of the batch-isolation tests: a batch of generated leads with one poison record in the
 * middle, sent to a vendor as one batch (captured in manual mode, then pushed at once), and the
 * automatic retry run on demand.
 */
public final class PoisonBatch {
    private static final String[] FIRST = {
        "Amélie", "Jonas", "Priya", "Mateo", "Søren", "Chiara", "Kwame", "Yuki", "Olga", "Tomás"
    };
    private static final String[] LAST = {
        "Lefèvre",
        "Okonkwo",
        "Raghunathan",
        "García-Márquez",
        "Haugen",
        "Bianchi",
        "Mensah",
        "Takahashi",
        "Ivanova",
        "Dvořák"
    };

    private PoisonBatch() {}

    /** Email of the generated lead {@code i} ({@code tag} keeps tests apart). */
    public static String email(String tag, int i) {
        return ascii(FIRST[i % FIRST.length]) + "." + ascii(LAST[(i / 3) % LAST.length]) + "." + i + "@" + tag
                + "-industries.example.com";
    }

    private static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("ø", "o")
                .toLowerCase(Locale.ROOT);
    }

    /** The poison lead's email. */
    public static String poison(String tag) {
        return "poison.record@" + tag + "-industries.example.com";
    }

    /** The emails of a batch of {@code size} leads whose middle one is the poison. */
    public static List<String> emails(String tag, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < size; i++) out.add(i == size / 2 ? poison(tag) : email(tag, i));
        return out;
    }

    /**
     * A CSV of {@code size} leads (first name, last name, email, company, lead type), the poison in
     * the middle; {@code leadType} gives each row's "Lead type" by index.
     */
    public static String csv(String tag, int size, IntFunction<String> leadType) {
        StringBuilder csv = new StringBuilder("First Name,Last Name,Email,Company,Q: Lead type\n");
        List<String> emails = emails(tag, size);
        for (int i = 0; i < size; i++) {
            csv.append(FIRST[i % FIRST.length])
                    .append(',')
                    .append(LAST[(i / 3) % LAST.length])
                    .append(',')
                    .append(emails.get(i))
                    .append(",Industries ")
                    .append(tag)
                    .append(',')
                    .append(leadType.apply(i))
                    .append('\n');
        }
        return csv.toString();
    }

    /** Imports the CSV with the integration in manual mode, then pushes every frozen lead at once: one batch. */
    public static void syncAsOneBatch(HubTest hub, String org, String vendor, String csv) {
        var manual = hub.send(
                HttpMethod.PUT,
                hub.api("/orgs/" + org + "/integrations/" + vendor),
                HubTest.OPERATOR,
                Map.of("syncMode", "MANUAL"));
        assertThat(manual.getStatusCode().is2xxSuccessful()).isTrue();
        var imported = hub.send(
                HttpMethod.POST,
                hub.api("/orgs/" + org + "/events/expo/leads/import"),
                HubTest.OPERATOR,
                csv,
                MediaType.valueOf("text/csv;charset=UTF-8"));
        assertThat(imported.getStatusCode().is2xxSuccessful())
                .as(String.valueOf(imported.getBody()))
                .isTrue();
        hub.awaitSettled(org);
        var pushed = hub.send(
                HttpMethod.POST,
                hub.api("/orgs/" + org + "/integrations/" + vendor + "/sync"),
                HubTest.OPERATOR,
                Map.of());
        assertThat(pushed.getBody().path("pushed").asInt()).isPositive();
        hub.awaitSettled(org);
    }

    /** Runs the automatic retry now for every failed lead of the org that waits for one; answers how many were sent. */
    public static int retryNow(HubTest hub, String org) {
        // the rows made due now; the hub's own sweep may queue them before the explicit one does
        int due = hub.jdbc.update(
                "UPDATE lead_sync SET next_attempt_at = :past WHERE org_id = :org AND state = 'FAILED' AND next_attempt_at IS NOT NULL",
                Map.of("org", org, "past", OffsetDateTime.now().minusSeconds(1)));
        hub.sweepFor(org, true);
        hub.awaitSettled(org);
        return due;
    }

    /** The org's reconciliation rows of one vendor, by lead email. */
    public static Map<String, Map<String, Object>> rows(HubTest hub, String org, String vendor) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        hub.jdbc
                .queryForList(
                        "SELECT l.email_norm AS email, s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id "
                                + "WHERE s.org_id = :org AND s.vendor = :vendor",
                        Map.of("org", org, "vendor", vendor))
                .forEach(r -> out.put((String) r.get("EMAIL"), r));
        return out;
    }
}
