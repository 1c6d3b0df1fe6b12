package io.leadhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.HttpMethod;

/**
 * One test per console screen, each asserting what the page shows against the API: the
 * Integrations cards, the Connect tab (the OAuth window, settings, sync mode, schedules, disable),
 * Mapping, Campaigns, Reconciliation (counts, views by event and by lead, match trace), Events and
 * an event's leads, and a lead with its trace.
 */
class ConsoleScreensTest extends ConsoleBrowserTest {

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/marketo/_reset?tokens=true", null);
    }

    private JsonNode integrations(String org) {
        return send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody();
    }

    private String state(String org, String vendor) {
        for (JsonNode i : integrations(org))
            if (i.path("vendor").asText().equals(vendor)) return i.path("state").asText();
        return "NONE";
    }

    private void connectMarketo(String org) {
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/marketo"),
                OPERATOR,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/marketo",
                        "credentials",
                        Map.of(
                                "grantType", "client_credentials",
                                "clientId", "sandbox-marketo-client",
                                "clientSecret", "sandbox-marketo-secret")));
    }

    @Test
    void integrationsPageShowsEachVendorsStateAndRefusesASecondCrm() throws Exception {
        String org = newOrg(true);
        connectMarketo(org);
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/marketo/disable"), OPERATOR, null);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/integrations");
        for (String vendor : List.of("hubspot", "salesforce", "pipedrive", "zoho", "marketo", "pardot")) {
            WebElement card = visible(By.cssSelector(".vendor-card[data-vendor=" + vendor + "]"));
            assertThat(card.getAttribute("data-state")).as(vendor).isEqualTo(state(org, vendor));
        }
        assertThat(browser.findElement(By.cssSelector(".vendor-card[data-vendor=hubspot]"))
                        .findElements(By.cssSelector("svg.globe")))
                .hasSize(1);
        assertThat(text(By.cssSelector(".vendor-card[data-vendor=hubspot]"))).contains("Connected");
        assertThat(text(By.cssSelector(".vendor-card[data-vendor=marketo]"))).contains("Disabled");
        assertThat(browser.findElement(By.cssSelector(".vendor-card[data-vendor=zoho]"))
                        .getAttribute("class"))
                .contains("look-off");
        screenshot("integrations");
        resize(390, 844);
        screenshot("integrations-390px");
        resize(1280, 900);

        browser.findElement(By.cssSelector(".vendor-card[data-vendor=zoho] a")).click();
        assertThat(text(By.id("other-active"))).contains("hubspot");
        browser.findElement(By.id("connect-button")).click();
        assertThat(text(By.cssSelector("#messages .error")))
                .contains("already has an active CRM integration: hubspot")
                .contains("disconnect it before connecting zoho");
        assertThat(state(org, "zoho")).isEqualTo("NONE");
    }

    @Test
    void connectTabConnectsThroughTheConsentWindowAndChangesSettings() throws Exception {
        String org = newOrg(false);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/integrations/hubspot/connect");
        String console = browser.getWindowHandle();
        browser.findElement(By.id("connect-button")).click();
        waitFor(d -> d.getWindowHandles().size() == 2);
        String consent = browser.getWindowHandles().stream()
                .filter(h -> !h.equals(console))
                .findFirst()
                .orElseThrow();
        browser.switchTo().window(consent);
        visible(By.cssSelector("button[value=approve]")).click();
        assertThat(text(By.tagName("h1"))).contains("hubspot connected");
        browser.close();
        browser.switchTo().window(console);
        waitFor(d -> d.findElements(By.id("disable-button")).size() == 1);
        assertThat(text(By.cssSelector("h1 .badge"))).isEqualTo("Connected");
        assertThat(state(org, "hubspot")).isEqualTo("CONNECTED");
        screenshot("connect");

        browser.findElement(By.id("mode-manual")).click();
        browser.findElement(By.id("save-settings")).click();
        waitForContains(By.cssSelector(".notice"), "Manual");
        assertThat(integrations(org).get(0).path("syncMode").asText()).isEqualTo("MANUAL");

        browser.findElement(By.id("cron")).sendKeys("0 0 18 ? * MON-FRI");
        browser.findElement(By.id("tz")).clear();
        browser.findElement(By.id("tz")).sendKeys("Europe/Berlin");
        browser.findElement(By.cssSelector("#schedules .grid-form button")).click();
        JsonNode schedules = send(
                        HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/schedules"), OPERATOR, null)
                .getBody();
        assertThat(schedules).hasSize(1);
        assertThat(text(By.cssSelector("#schedules table"))).contains("0 0 18 ? * MON-FRI", "Europe/Berlin");

        browser.findElement(By.id("disable-button")).click();
        waitForText(By.cssSelector("h1 .badge"), "Disabled");
        assertThat(state(org, "hubspot")).isEqualTo("DISABLED");
        browser.findElement(By.id("enable-button")).click();
        waitForText(By.cssSelector("h1 .badge"), "Connected");
        assertThat(state(org, "hubspot")).isEqualTo("CONNECTED");
    }

    @Test
    void mappingTabSavesEachChangeAsYouGo() throws Exception {
        String org = newOrg(true);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/integrations/hubspot/mapping?object=contact");
        JsonNode api = send(
                        HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                .getBody();
        List<WebElement> rows = all(By.cssSelector("form.mapping-row"));
        assertThat(rows).hasSize(api.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getAttribute("data-hub-field"))
                    .isEqualTo(api.get(i).path("hubField").asText());
            assertThat(rows.get(i).findElement(By.name("vendorField")).getAttribute("value"))
                    .isEqualTo(api.get(i).path("vendorField").asText());
        }
        screenshot("mapping");
        new Select(browser.findElement(By.id("policy-1"))).selectByValue("IF_EMPTY");
        visible(By.cssSelector("#row-1 .saved"));
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                        .getBody()
                        .get(1)
                        .path("writePolicy")
                        .asText())
                .isEqualTo("IF_EMPTY");

        browser.findElement(By.id("clear-mapping")).click();
        browser.switchTo().alert().accept();
        visible(By.id("no-rows"));
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                        .getBody())
                .isEmpty();
        browser.findElement(By.id("set-defaults")).click();
        waitForContains(By.cssSelector(".notice"), "recommended mapping");
        assertThat(all(By.cssSelector("form.mapping-row"))).hasSize(api.size());
    }

    @Test
    void campaignsTabLinksAnEventToAProgramAndSaysWhyALinkIsRefused() throws Exception {
        String org = newOrg(false);
        connectMarketo(org);
        signIn(adminKey(org));
        open("/console/orgs/" + org + "/integrations/marketo/campaigns");
        browser.findElement(By.id("c-id")).sendKeys("PG1001A1");
        browser.findElement(By.id("c-status")).sendKeys("engaged");
        browser.findElement(By.cssSelector(".grid-form button")).click();
        waitForContains(By.cssSelector(".error"), "engaged");
        browser.findElement(By.id("c-id")).sendKeys("PG1001A1");
        browser.findElement(By.id("c-status")).sendKeys("Visited Booth");
        browser.findElement(By.cssSelector(".grid-form button")).click();
        waitForContains(By.cssSelector(".notice"), "linked to 1001");
        JsonNode link = send(HttpMethod.GET, api("/orgs/" + org + "/events/expo/campaigns/marketo"), OPERATOR, null)
                .getBody();
        assertThat(link.path("campaignId").asText()).isEqualTo("1001");
        assertThat(text(By.cssSelector("#links tr[data-event=expo]"))).contains("1001", "Visited Booth");
        screenshot("campaigns");

        String hubspotOrg = newOrg(true);
        signIn(adminKey(hubspotOrg));
        open("/console/orgs/" + hubspotOrg + "/integrations/hubspot/campaigns");
        assertThat(text(By.id("no-campaigns"))).contains("no campaign object");
    }

    @Test
    void reconciliationTabEventsAndLeadPagesShowWhatTheApiSays() throws Exception {
        String org = newOrg(true);
        importCsv(
                org,
                "First Name,Last Name,Email,Company,Q: Lead type\n"
                        + "Ada,Lovelace,ada.lovelace@initech.com,Initech,Hot\n"
                        + "Grace,Kim,grace.kim@initech.com,Initech,VIP\n");
        awaitSettled(org);
        signIn(adminKey(org));

        open("/console/orgs/" + org + "/integrations/hubspot/reconciliation?view=event");
        JsonNode byEvent = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation?view=event"),
                        OPERATOR,
                        null)
                .getBody();
        assertThat(all(By.cssSelector("#by-event tbody tr"))).hasSize(byEvent.size());
        assertThat(text(By.id("by-event"))).contains("expo", "CLEARED", "FAILED", "NO_TAG_MAPPING");

        open("/console/orgs/" + org + "/integrations/hubspot/reconciliation?view=lead&state=CLEARED");
        JsonNode cleared = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation?state=CLEARED"),
                        OPERATOR,
                        null)
                .getBody();
        List<WebElement> rows = all(By.cssSelector("#by-lead tbody tr"));
        assertThat(rows).hasSize(cleared.size()).hasSize(1);
        rows.get(0).findElement(By.tagName("summary")).click();
        assertThat(rows.get(0).findElement(By.cssSelector("ol.trace")).getText())
                .contains(cleared.get(0).path("matchTrace").get(0).asText());

        open("/console/orgs/" + org + "/events");
        assertThat(text(By.cssSelector("#events tr[data-event=expo] td.num"))).isEqualTo("2");
        screenshot("events");
        browser.findElement(By.linkText("Test Expo")).click();
        long grace = jdbc.queryForObject(
                "SELECT id FROM lead WHERE org_id = :org AND email_norm = 'grace.kim@initech.com'",
                Map.of("org", org),
                Long.class);
        JsonNode lead = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + grace), OPERATOR, null)
                .getBody();
        WebElement cell = visible(By.cssSelector("#event-leads tr[data-lead='" + grace + "'] td[data-vendor=hubspot]"));
        assertThat(cell.getText())
                .contains(lead.path("sync").get(0).path("state").asText())
                .contains("NO_TAG_MAPPING");
        screenshot("event-leads");

        browser.findElement(By.linkText("Grace Kim")).click();
        assertThat(text(By.cssSelector(".sync[data-vendor=hubspot]")))
                .contains(
                        "FAILED",
                        "NO_TAG_MAPPING",
                        lead.path("sync").get(0).path("message").asText());
        screenshot("lead");
        browser.findElement(By.id("retry-hubspot")).click();
        waitForContains(By.cssSelector(".notice"), "1 failed lead sent again");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "FAILED"
                                .equals(syncRow(org, "grace.kim@initech.com").get("STATE"))
                        && ((Number) syncRow(org, "grace.kim@initech.com").get("ATTEMPTS")).intValue() >= 2);
    }
}
