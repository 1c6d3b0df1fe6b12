package io.leadhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import io.leadhub.support.HubTest;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * Base of the console's browser tests: the whole hub (sandbox simulators, in-memory database) and a
 * headless Chromium driven through Debian's chromedriver. Nothing is downloaded: the driver and the
 * browser are given by path, so Selenium Manager never runs. Without {@code /usr/bin/chromedriver}
 * the tests are skipped with that reason (CI installs it: {@code .ci/run}). Screenshots go to
 * {@code target/console-screenshots/}.
 */
abstract class ConsoleBrowserTest extends HubTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String SESSION_COOKIE = "LEADHUB_CONSOLE";
    static WebDriver browser;
    private static Path profile;

    @Autowired
    ApiKeyStore keys;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        profile = Files.createTempDirectory("leadhub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) browser.quit();
        browser = null;
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** An admin key of the org. */
    String adminKey(String org) {
        return keys.issue(org, Role.ADMIN, "console test");
    }

    String url(String path) {
        return base() + path;
    }

    void open(String path) {
        browser.get(url(path));
    }

    /** Signs out whoever is signed in, then signs in with the key; answers the page it lands on. */
    void signIn(String key) {
        browser.manage().deleteAllCookies();
        open("/console/sign-in");
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector("form button[type=submit].primary")).click();
        waitFor(d -> !d.getCurrentUrl().endsWith("/console/sign-in"));
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition);
    }

    WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    String text(By by) {
        return visible(by).getText().trim();
    }

    /** Waits until the element's text is exactly {@code expected} (e.g. after a form reloaded the page). */
    void waitForText(By by, String expected) {
        waitFor(ExpectedConditions.textToBe(by, expected));
    }

    /** Waits until the element's text contains {@code part} (messages of the page a form led to). */
    void waitForContains(By by, String part) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(by, part));
    }

    int number(By by) {
        return Integer.parseInt(text(by));
    }

    List<WebElement> all(By by) {
        return browser.findElements(by);
    }

    void resize(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * A request with the browser's session cookie but outside the browser (no redirect followed), to
     * see status codes and to send what the console's own pages never would.
     */
    ResponseEntity<String> asBrowserSession(HttpMethod method, String path, MultiValueMap<String, String> form) {
        HttpHeaders h = new HttpHeaders();
        Cookie session = browser.manage().getCookieNamed(SESSION_COOKIE);
        if (session != null) h.add(HttpHeaders.COOKIE, SESSION_COOKIE + "=" + session.getValue());
        h.setAccept(List.of(MediaType.TEXT_HTML));
        if (form != null) h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        RestTemplate t = new RestTemplate(new SimpleClientHttpRequestFactory() {
            @Override
            protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
                super.prepareConnection(connection, httpMethod);
                connection.setInstanceFollowRedirects(false);
            }
        });
        t.setErrorHandler(new DefaultResponseErrorHandler() {
            @Override
            public boolean hasError(ClientHttpResponse response) {
                return false;
            }
        });
        return t.exchange(url(path), method, new HttpEntity<>(form, h), String.class);
    }

    /** Saves a screenshot of the page as it is now under target/console-screenshots/. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        assertThat(to).isNotEmptyFile();
        return to;
    }
}
