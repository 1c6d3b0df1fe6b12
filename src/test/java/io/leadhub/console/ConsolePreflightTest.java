package io.leadhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Before the show, in the browser: readiness on the Connect tab, the payload preview on the Mapping
 * tab, the forecast of a CSV on the event's upload form and the lead's history — each checked against
 * the API's answer for the same input.
 */
class ConsolePreflightTest extends ConsoleBrowserTest {

    @BeforeEach
    void resetSimulator() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    @Test
    void readinessOnTheConnectTabListsTheUnmappedQualifierValue() throws Exception {
        String org = newOrg(true);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/integrations/hubspot/connect");
        browser.findElement(By.id("readiness-button")).click();
        visible(By.id("readiness-result"));
        JsonNode api = send(HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/readiness"), OPERATOR, null)
                .getBody();
        assertThat(text(By.id("readiness-status"))).isEqualTo("Not ready");
        assertThat(api.path("status").asText()).isEqualTo("not ready");
        List<String> categories = new ArrayList<>();
        api.path("findings").forEach(f -> categories.add(f.path("category").asText("")));
        List<WebElement> rows = all(By.cssSelector("#readiness-findings tbody tr"));
        assertThat(rows).hasSize(api.path("findings").size());
        assertThat(rows.stream().map(r -> r.getAttribute("data-category")).toList())
                .containsExactlyElementsOf(categories)
                .contains("NO_TAG_MAPPING");
        WebElement vip = visible(By.cssSelector("#readiness-findings tr[data-category=NO_TAG_MAPPING]"));
        assertThat(vip.getText()).contains("ERROR", "'VIP'", "Map 'VIP'");
        scrollTo(By.id("readiness"));
        screenshot("readiness");

        String csrf = browser.findElement(By.name("_csrf")).getAttribute("value");
        var form = new LinkedMultiValueMap<String, String>();
        form.add("_csrf", csrf);
        String other = newOrg(true);
        assertThat(asBrowserSession(HttpMethod.POST, "/console/orgs/" + other + "/integrations/hubspot/readiness", form)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void previewOnTheMappingTabShowsTheContactAsItWouldBeSent() throws Exception {
        String org = newOrg(true);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/integrations/hubspot/mapping");
        visible(By.id("pv-email")).sendKeys("ada.lovelace@analytical.example");
        browser.findElement(By.id("pv-first")).sendKeys("Ada");
        browser.findElement(By.id("pv-last")).sendKeys("Lovelace");
        browser.findElement(By.id("pv-company")).sendKeys("Analytical Engines");
        browser.findElement(By.id("preview-button")).click();
        visible(By.id("preview-result"));
        JsonNode api = send(
                        HttpMethod.POST,
                        api("/orgs/" + org + "/integrations/hubspot/preview?event=expo"),
                        OPERATOR,
                        Map.of(
                                "email", "ada.lovelace@analytical.example",
                                "firstName", "Ada",
                                "lastName", "Lovelace",
                                "company", "Analytical Engines"))
                .getBody();
        JsonNode contact = null;
        for (JsonNode r : api.path("records")) if (r.path("object").asText().equals("contact")) contact = r;
        assertThat(contact).isNotNull();
        assertThat(contact.path("fields").path("email").asText()).isEqualTo("ada.lovelace@analytical.example");
        WebElement card = visible(By.cssSelector(".preview-record[data-object=contact]"));
        assertThat(card.getAttribute("data-action"))
                .isEqualTo(contact.path("action").asText());
        assertThat(card.findElement(By.cssSelector("tr[data-field=email] td")).getText())
                .isEqualTo("ada.lovelace@analytical.example");
        assertThat(card.findElement(By.cssSelector("tr[data-field=firstname] td"))
                        .getText())
                .isEqualTo(contact.path("fields").path("firstname").asText());
        assertThat(all(By.cssSelector(".preview-record")))
                .hasSize(api.path("records").size());
        assertThat(text(By.id("preview-match")))
                .contains(api.path("match").get(0).asText());
        assertThat(hubspotContacts()).doesNotContainKey("ada.lovelace@analytical.example");
        scrollTo(By.id("preview-result"));
        screenshot("preview");
    }

    @Test
    void forecastBesideTheUploadCountsRowsAndCallsWithoutStoring() throws Exception {
        String org = newOrg(true);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/events/expo");
        Path sample = Path.of("src/main/resources/sample/leads-sample.csv").toAbsolutePath();
        browser.findElement(By.id("csv-file")).sendKeys(sample.toString());
        browser.findElement(By.id("forecast-button")).click();
        visible(By.id("forecast-result"));
        JsonNode api = send(
                        HttpMethod.POST,
                        api("/orgs/" + org + "/events/expo/leads/import/forecast"),
                        OPERATOR,
                        Files.readString(sample, StandardCharsets.UTF_8),
                        MediaType.valueOf("text/csv;charset=UTF-8"))
                .getBody();
        assertThat(number(By.id("fc-rows"))).isEqualTo(api.path("rows").asInt()).isEqualTo(16);
        assertThat(number(By.id("fc-rejected"))).isEqualTo(api.path("rejected").asInt());
        assertThat(number(By.id("fc-new"))).isEqualTo(api.path("newLeads").asInt());
        JsonNode hubspot = api.path("integrations").get(0);
        assertThat(hubspot.path("vendor").asText()).isEqualTo("hubspot");
        assertThat(number(By.cssSelector("#fc-integrations tr[data-vendor=hubspot] td.calls")))
                .isEqualTo(hubspot.path("calls").asInt())
                .isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org), Integer.class))
                .isZero();
        scrollTo(By.id("forecast-result"));
        screenshot("forecast");
    }

    @Test
    void historyOnTheLeadPageShowsTheClearedAttempt() throws Exception {
        String org = newOrg(true);
        var stored = captureJson(
                org,
                Map.of(
                        "email", "joan.clarke@bletchley.example",
                        "firstName", "Joan",
                        "lastName", "Clarke",
                        "qualifiers", Map.of("Lead type", "Hot")));
        long lead = stored.getBody().path("id").asLong();
        awaitSettled(org);
        JsonNode api = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + lead + "/history"), OPERATOR, null)
                .getBody();
        JsonNode attempts = api.path("integrations").get(0).path("attempts");
        assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("CLEARED");
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/leads/" + lead);
        List<WebElement> rows = all(By.cssSelector(".history[data-vendor=hubspot] table.attempts tbody tr"));
        assertThat(rows).hasSize(attempts.size());
        WebElement first = rows.get(0);
        assertThat(first.getAttribute("data-outcome")).isEqualTo("CLEARED");
        assertThat(first.findElement(By.cssSelector(".outcome")).getText()).isEqualTo("CLEARED");
        assertThat(first.getText()).contains(attempts.get(0).path("batch").asText());
        int calls = 0;
        for (JsonNode c : attempts.get(0).path("calls")) calls += c.asInt();
        assertThat(Integer.parseInt(first.findElement(By.cssSelector(".calls")).getText()))
                .isEqualTo(calls);
        if (!attempts.get(0).path("matchTrace").isEmpty())
            assertThat(first.findElement(By.cssSelector("ol.trace")).getText())
                    .contains(attempts.get(0).path("matchTrace").get(0).asText());
        scrollTo(By.id("history"));
        screenshot("lead-history");
    }

    private void scrollTo(By by) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", visible(by));
    }
}
