package io.leadhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.platform.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Signing in and the API's rules in the console: admin keys open their org, operator keys pick one,
 * capture and unknown keys are refused; the session cookie is HttpOnly and SameSite=Strict; every POST
 * needs the session's CSRF token; another org's pages answer 404 exactly like missing ones.
 */
class ConsoleSecurityTest extends ConsoleBrowserTest {

    @Test
    void captureAndUnknownKeysCannotSignIn() {
        String org = newOrg(false);
        browser.manage().deleteAllCookies();
        open("/console/sign-in");
        browser.findElement(By.id("key")).sendKeys(keys.issue(org, Role.CAPTURE, "test"));
        browser.findElement(By.cssSelector("button.primary")).click();
        waitForContains(By.cssSelector(".error"), "A capture key can only capture leads");
        browser.findElement(By.id("key")).sendKeys("lh_admin_not-a-key");
        browser.findElement(By.cssSelector("button.primary")).click();
        waitForContains(By.cssSelector(".error"), "not known");
        assertThat(asBrowserSession(HttpMethod.GET, "/console/orgs/" + org + "/integrations", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(302);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSignOutEndsIt() {
        String org = newOrg(false);
        signIn(adminKey(org));
        Cookie cookie = browser.manage().getCookieNamed(SESSION_COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.getCurrentUrl()).endsWith("/console/orgs/" + org + "/integrations");
        browser.findElement(By.cssSelector(".who button")).click();
        waitForContains(By.cssSelector(".notice"), "signed out");
        open("/console/orgs/" + org + "/events");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() {
        String org = newOrg(true);
        signIn(adminKey(org));
        var form = new LinkedMultiValueMap<String, String>();
        var refused = asBrowserSession(HttpMethod.POST, "/console/orgs/" + org + "/integrations/hubspot/disable", form);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        form.add("_csrf", "0".repeat(64));
        assertThat(asBrowserSession(HttpMethod.POST, "/console/orgs/" + org + "/integrations/hubspot/disable", form)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                        .getBody()
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("CONNECTED");
    }

    @Test
    void anotherOrgsPagesAnswer404LikeMissingOnes() {
        String a = newOrg(true);
        String b = newOrg(true);
        captureJson(b, Map.of("email", "someone@initech.com", "firstName", "Some", "company", "Initech"));
        long leadOfB = jdbc.queryForObject("SELECT id FROM lead WHERE org_id = :org", Map.of("org", b), Long.class);
        signIn(adminKey(a));
        for (String path : List.of(
                "/console/orgs/" + b + "/integrations",
                "/console/orgs/" + b + "/integrations/hubspot/connect",
                "/console/orgs/" + b + "/integrations/hubspot/mapping",
                "/console/orgs/" + b + "/integrations/hubspot/qualifiers",
                "/console/orgs/" + b + "/integrations/hubspot/campaigns",
                "/console/orgs/" + b + "/integrations/hubspot/reconciliation",
                "/console/orgs/" + b + "/events",
                "/console/orgs/" + b + "/events/expo",
                "/console/orgs/" + b + "/leads/" + leadOfB,
                "/console/orgs/" + a + "/leads/" + leadOfB,
                "/console/orgs/no-such-org/integrations")) {
            assertThat(asBrowserSession(HttpMethod.GET, path, null)
                            .getStatusCode()
                            .value())
                    .as(path)
                    .isEqualTo(404);
        }
        open("/console/orgs/" + b + "/integrations");
        assertThat(text(By.tagName("h1"))).isEqualTo("Not found");
        var form = new LinkedMultiValueMap<String, String>();
        form.add(
                "_csrf",
                browser.findElement(By.cssSelector("meta[name=csrf-token]")).getAttribute("content"));
        assertThat(asBrowserSession(HttpMethod.POST, "/console/orgs/" + b + "/integrations/hubspot/disable", form)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(send(HttpMethod.GET, api("/orgs/" + b + "/integrations"), OPERATOR, null)
                        .getBody()
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("CONNECTED");
    }

    @Test
    void anOperatorPicksAnOrgAndCanCreateOne() throws Exception {
        String org = newOrg(false);
        signIn(OPERATOR);
        assertThat(browser.getCurrentUrl()).endsWith("/console/orgs");
        assertThat(text(By.cssSelector(".org-list"))).contains(org);
        browser.findElement(By.cssSelector("details.card summary")).click();
        String created = "c" + Long.toString(System.nanoTime() % 1_000_000, 36);
        browser.findElement(By.id("org-id")).sendKeys(created);
        browser.findElement(By.id("org-name")).sendKeys("Created in the console");
        browser.findElement(By.cssSelector("details.card button[type=submit]")).click();
        String adminKey = text(By.id("new-admin-key"));
        assertThat(keys.resolve(adminKey).orElseThrow().orgId()).isEqualTo(created);
        screenshot("orgs");
        browser.findElement(By.linkText("Created in the console")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/console/orgs/" + created + "/integrations");
    }
}
