package io.leadhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.http.HttpMethod;

/**
 * The whole console flow of the walk-through, in a real browser: sign in, upload the sample CSV and
 * watch its progress bar finish, find Grace Kim's NO_TAG_MAPPING under its category, map "VIP" on
 * the Qualifiers tab, retry the category, and see her cleared — checked against the API each step.
 */
class ConsoleFlowTest extends ConsoleBrowserTest {

    @Test
    void uploadSeeTheFailureMapTheValueRetryTheCategory() throws Exception {
        String org = newOrg(true);
        signIn(adminKey(org));
        assertThat(browser.getCurrentUrl()).endsWith("/console/orgs/" + org + "/integrations");

        open("/console/orgs/" + org + "/events/expo");
        Path sample = Path.of("src/main/resources/sample/leads-sample.csv").toAbsolutePath();
        browser.findElement(By.id("csv-file")).sendKeys(sample.toString());
        browser.findElement(By.id("upload-button")).click();
        visible(By.cssSelector("#import-status"));
        waitFor(d -> "true".equals(d.findElement(By.id("import-status")).getAttribute("data-finished")));
        assertThat(number(By.id("imp-imported"))).isEqualTo(13);
        assertThat(number(By.id("imp-merged"))).isEqualTo(1);
        assertThat(number(By.id("imp-rejected"))).isEqualTo(2);
        assertThat(number(By.id("imp-synced"))).isEqualTo(12);
        assertThat(text(By.id("rejections"))).contains("Line 17", "Line 18");
        var bar = browser.findElement(By.id("import-bar"));
        assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max"));
        screenshot("upload-progress");

        open("/console/orgs/" + org + "/integrations/hubspot/reconciliation");
        JsonNode summary = summary(org);
        assertThat(number(By.id("count-failed")))
                .isEqualTo(summary.path("failed").asInt())
                .isEqualTo(1);
        assertThat(number(By.id("count-cleared")))
                .isEqualTo(summary.path("cleared").asInt())
                .isEqualTo(12);
        assertThat(text(By.cssSelector("#cat-NO_TAG_MAPPING td.num"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#cat-NO_TAG_MAPPING"))).contains("Map the qualifier value");
        screenshot("reconciliation");

        browser.findElement(By.linkText("Show leads")).click();
        assertThat(text(By.cssSelector("#by-lead"))).contains("Grace Kim", "NO_TAG_MAPPING");

        open("/console/orgs/" + org + "/integrations/hubspot/qualifiers");
        var vip = visible(By.cssSelector("tr.unmapped[data-value='VIP']"));
        assertThat(vip.getText()).contains("Not mapped");
        screenshot("qualifiers");
        vip.findElement(By.cssSelector("input[name=vendorValue]")).sendKeys("hot");
        vip.findElement(By.cssSelector("button[type=submit]")).click();
        waitForContains(By.cssSelector(".notice"), "VIP");
        assertThat(all(By.cssSelector("tr.unmapped"))).isEmpty();
        JsonNode mappings = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"),
                        OPERATOR,
                        null)
                .getBody();
        assertThat(mappings.findValuesAsText("value")).contains("VIP");

        open("/console/orgs/" + org + "/integrations/hubspot/reconciliation");
        browser.findElement(By.id("retry-NO_TAG_MAPPING")).click();
        waitForContains(By.cssSelector(".notice"), "1 failed lead sent again");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        "CLEARED".equals(syncRow(org, "grace.kim@initech.com").get("STATE")));
        open("/console/orgs/" + org + "/integrations/hubspot/reconciliation");
        assertThat(number(By.id("count-failed"))).isZero();
        assertThat(number(By.id("count-cleared"))).isEqualTo(13);
        screenshot("reconciliation-cleared");
    }
}
