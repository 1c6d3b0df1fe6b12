package io.leadhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/**
 * Hawtio for operators: {@code /hawtio} and its Jolokia endpoint need a console session signed in
 * with the operator key (anonymous browsers go to the sign-in page, admin sessions get 403); an
 * operator sees the Camel routes and the hub's MBeans and starts a manual-sync route from the browser.
 */
@DisableJmx(false)
@TestPropertySource(properties = "spring.jmx.enabled=true")
class HawtioConsoleTest extends ConsoleBrowserTest {
    private static final String PUSH_ALL = "manual-sync-push-all";

    @Test
    void onlyAnOperatorSessionReachesHawtioAndJolokia() {
        browser.manage().deleteAllCookies();
        open("/hawtio");
        waitFor(d -> d.getCurrentUrl().endsWith("/console/sign-in"));
        assertThat(asBrowserSession(HttpMethod.GET, "/actuator/jolokia/version", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);

        String org = newOrg(false);
        signIn(adminKey(org));
        for (String path : List.of("/hawtio", "/actuator/hawtio/", "/actuator/jolokia/version")) {
            assertThat(asBrowserSession(HttpMethod.GET, path, null)
                            .getStatusCode()
                            .value())
                    .as(path)
                    .isEqualTo(403);
        }
    }

    @Test
    void anOperatorSeesTheRoutesAndStartsAManualSyncRouteFromTheBrowser() throws Exception {
        String org = newOrg(true);
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        captureJson(org, Map.of("email", "frozen.lead@initech.com", "firstName", "Frozen", "company", "Initech"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        "FROZEN".equals(syncRow(org, "frozen.lead@initech.com").get("STATE")));

        signIn(OPERATOR);
        open("/hawtio");
        waitFor(d -> d.getCurrentUrl().contains("/actuator/hawtio"));
        waitFor(d -> d.findElement(By.tagName("body")).getText().contains("Camel"));
        screenshot("hawtio");

        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object found = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/actuator/jolokia/', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({type: 'search', mbean: 'org.apache.camel:type=routes,name=\"" + PUSH_ALL
                + "\",*'})}).then(r => r.json()).then(j => done(JSON.stringify(j.value)))"
                + ".catch(e => done('error ' + e));");
        // every hub context of the test JVM has this route: take the one of this test's context
        List<String> mbeans = json.readValue(String.valueOf(found), new TypeReference<List<String>>() {});
        String mbean = mbeans.stream()
                .filter(name -> name.contains("context=" + camel.getManagementName() + ","))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route MBean of this hub in " + mbeans));
        assertThat(mbean).contains("type=routes").contains(PUSH_ALL);
        Object hubBeans = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/actuator/jolokia/search/io.leadhub:*').then(r => r.json())"
                + ".then(j => done(JSON.stringify(j.value))).catch(e => done('error ' + e));");
        assertThat(String.valueOf(hubBeans)).contains("io.leadhub:");

        Object started = js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/actuator/jolokia/', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({type: 'exec', mbean: arguments[0], operation: 'start()'})})"
                        + ".then(r => r.json()).then(j => done(j.status)).catch(e => done('error ' + e));",
                mbean);
        assertThat(String.valueOf(started)).isEqualTo("200");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        "CLEARED".equals(syncRow(org, "frozen.lead@initech.com").get("STATE")));
    }
}
