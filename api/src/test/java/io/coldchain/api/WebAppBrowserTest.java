package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.registry.user.UserAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in a real browser: Debian's headless Chromium driven by its chromedriver (nothing is
 * downloaded: both paths are given, so Selenium Manager is never asked). Skipped, saying so, where
 * they are not installed ({@code apt-get install chromium chromium-driver}).
 *
 * <p>QA: logs in, sees the inbox name the batch, opens the alert with its chart, acknowledges and
 * resolves it with a disposition, and the API shows it. Regulator, in a Chinese-language browser:
 * sees the sites of the region of every tenant and no others, opens a store's temperature log with
 * its chart, downloads the PDF, and finds no way to write (the API refuses a forged write too).
 * Screenshots go to {@code target/screenshots} (and, with {@code -Dweb.screenshots=DIR}, there).
 */
class WebAppBrowserTest {
    private static final String PASSWORD = "browser-password-2026";
    private static final String LOT = "LOT-42";
    private static final Path FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");

    private static TestApi api;
    private static String admin;
    private static long alertId;
    private WebDriver driver;
    private Path downloads;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                HeadlessChromium.available(),
                HeadlessChromium.skipReason() + " (apt-get install chromium chromium-driver)");
        api = new TestApi("webapp");
        admin = api.token("acme", "admin", null);
        String t = "/api/v1/tenants/acme";
        site("acme", "store-a", "FreshMart Gulou", "320302");
        site("acme", "store-sz", "FreshMart Shenzhen", "440300");
        api.require(
                201,
                "PUT",
                t + "/assets/case-a",
                admin,
                new JsonObject()
                        .put("name", "Dairy case A")
                        .put("kind", "display_case")
                        .put("site", "store-a")
                        .put("profile", "dairy-chilled"));
        api.require(
                201,
                "PUT",
                t + "/sensors/sen-a",
                admin,
                new JsonObject().put("gateway", "gw-a").put("asset", "case-a").put("expected_interval_s", 300));
        api.require(
                201,
                "PUT",
                t + "/products/yog-1",
                admin,
                new JsonObject().put("name", "Yoghurt 150 g").put("profile", "dairy-chilled"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        api.require(
                201,
                "PUT",
                t + "/batches/" + LOT,
                admin,
                new JsonObject()
                        .put("sku", "yog-1")
                        .put("produced_at", now.minus(Duration.ofDays(3)).toString())
                        .put("expires_at", now.plus(Duration.ofDays(20)).toString()));
        api.require(
                201,
                "POST",
                t + "/placements",
                admin,
                new JsonObject()
                        .put("lot", LOT)
                        .put("asset", "case-a")
                        .put("from", now.minus(Duration.ofDays(2)).toString()));
        // Another tenant: one store in the region (a regulator sees it), one outside (never).
        String globex = api.token("globex", "admin", null);
        api.require(
                201,
                "PUT",
                "/api/v1/tenants/globex/sites/mart-1",
                globex,
                new JsonObject()
                        .put("name", "Globex Mart Yunlong")
                        .put("kind", "store")
                        .put("region", "320303")
                        .put("address", "9 Heping Rd"));
        api.require(
                201,
                "PUT",
                "/api/v1/tenants/globex/sites/mart-bj",
                globex,
                new JsonObject()
                        .put("name", "Globex Mart Beijing")
                        .put("kind", "store")
                        .put("region", "110101")
                        .put("address", "1 Wangfujing"));

        // Six hours of readings every 5 minutes, with 40 minutes at 9 °C two hours ago.
        Instant excursionStart = now.minus(Duration.ofHours(2));
        Instant excursionEnd = excursionStart.plus(Duration.ofMinutes(40));
        List<Reading> readings = new ArrayList<>();
        for (Instant ts = now.minus(Duration.ofHours(6)); ts.isBefore(now); ts = ts.plus(Duration.ofMinutes(5))) {
            boolean out = !ts.isBefore(excursionStart) && ts.isBefore(excursionEnd);
            readings.add(new Reading(
                    "acme",
                    "gw-a",
                    "sen-a",
                    ts,
                    out ? 9.0 : 4.0 + (ts.getEpochSecond() / 300 % 5) * 0.2,
                    80.0,
                    3.0,
                    false,
                    null,
                    now));
        }
        try (Connection c = api.pool.getConnection()) {
            Map<SensorKey, Integer> keys = new SensorKeyStore().keys(c, List.of(new SensorKey("acme", "sen-a")));
            c.setAutoCommit(false);
            new ReadingStore()
                    .insert(
                            c,
                            readings,
                            readings.stream()
                                    .mapToInt(r -> keys.get(new SensorKey("acme", "sen-a")))
                                    .toArray());
            c.commit();
            c.setAutoCommit(true);
            alertId = new AlertStore()
                    .open(
                            c,
                            new NewAlert(
                                    "acme",
                                    "above:8.0:d0:critical",
                                    "above",
                                    "critical",
                                    8.0,
                                    0,
                                    null,
                                    List.of("dairy-chilled"),
                                    null,
                                    "sen-a",
                                    "case-a",
                                    "store-a",
                                    null,
                                    excursionStart,
                                    excursionEnd,
                                    excursionEnd.minusSeconds(300),
                                    excursionStart,
                                    9.0,
                                    excursionStart.plusSeconds(600),
                                    2400L,
                                    List.of(new AlertBatch(LOT, "yog-1", "Yoghurt 150 g", null, 2400L, null))))
                    .id();
        }
        UserAccounts accounts = new UserAccounts(api.pool);
        accounts.create("qa-lin", Optional.of("acme"), "qa", Optional.empty(), "Lin (QA)", PASSWORD, "test");
        accounts.create(
                "inspector-xu", Optional.empty(), "regulator", Optional.of("320300"), "Inspector Xu", PASSWORD, "test");

        System.setProperty("webdriver.chrome.driver", HeadlessChromium.CHROMEDRIVER.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void qaLogsInSeesTheBatchAcknowledgesAndResolvesWithADisposition() throws Exception {
        driver = browser("en-US");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(api.base + "/");
        logIn(wait, "qa-lin");
        WebElement list =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#alert-list table")));
        assertThat(list.getText()).contains(LOT).contains("Yoghurt 150 g").contains("store-a");
        assertThat(driver.findElement(By.id("tab-open")).getText()).contains("(1)");
        screenshot("web-inbox");

        list.findElement(By.cssSelector("tr[data-alert='" + alertId + "'] a")).click();
        WebElement chart =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alert-chart.chart-ready")));
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThan(20);
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains(LOT)
                .contains("9.0 °C")
                .contains("UTC+00:00");
        screenshot("web-alert");

        driver.findElement(By.id("ack-note")).sendKeys("Case door found ajar; closed it, product checked");
        driver.findElement(By.id("ack-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("ack-form")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("resolve-form")));
        driver.findElement(By.id("resolve-action")).sendKeys("Door seal replaced; batch held for QA release test");
        new Select(driver.findElement(By.id("disp-" + LOT))).selectByValue("hold");
        driver.findElement(By.id("resolve-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("resolve-form")));

        JsonObject alert = api.require(200, "GET", "/api/v1/tenants/acme/alerts/" + alertId, admin, null);
        assertThat(alert.getString("status")).isEqualTo("resolved");
        assertThat(alert.getJsonObject("acknowledged").getString("by")).isEqualTo("qa-lin");
        assertThat(alert.getJsonObject("resolved").getString("by")).isEqualTo("qa-lin");
        assertThat(alert.getJsonObject("resolved").getString("corrective_action"))
                .startsWith("Door seal replaced");
        JsonArray batches = alert.getJsonArray("batches");
        assertThat(batches.getJsonObject(0).getString("lot")).isEqualTo(LOT);
        assertThat(batches.getJsonObject(0).getString("disposition")).isEqualTo("hold");

        // The batch's page: its trace with the curve of its leg, and the alert that holds it.
        driver.findElement(By.linkText(LOT)).click();
        WebElement trace =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trace-chart.chart-ready")));
        assertThat(Integer.parseInt(trace.getAttribute("data-points"))).isGreaterThan(20);
        assertThat(driver.findElement(By.id("legs")).getText()).contains("case-a @ store-a");
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("Yoghurt 150 g")
                .contains("#" + alertId)
                .contains("hold");
        screenshot("web-batch");
    }

    @Test
    void aRegulatorInAChineseBrowserReadsTheRegionsStoresAndCannotWrite() throws Exception {
        driver = browser("zh-CN");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(api.base + "/");
        WebElement title = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".login h1")));
        assertThat(title.getText()).isEqualTo("登录冷链监控");
        logIn(wait, "inspector-xu");

        WebElement sites = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main table")));
        assertThat(sites.getText())
                .contains("FreshMart Gulou")
                .contains("Globex Mart Yunlong")
                .doesNotContain("Shenzhen")
                .doesNotContain("Beijing");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("辖区内的场所");
        screenshot("web-regulator-sites");

        driver.findElement(By.linkText("FreshMart Gulou")).click();
        WebElement chart =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".log-chart.chart-ready")));
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThan(20);
        String page = driver.findElement(By.tagName("main")).getText();
        assertThat(page).contains("温度记录").contains("Dairy case A").contains("只读");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("integrity"), "封存记录完整性: "));
        screenshot("web-regulator-log");

        // No way to write: no action forms, no user management, no write buttons; the navigation has sites
        // and the recalls of the region (read-only) only.
        assertThat(driver.findElements(By.cssSelector("#ack-form, #resolve-form, textarea, button.primary")))
                .isEmpty();
        assertThat(driver.findElement(By.id("nav")).getText()).isEqualTo("场所\n召回");
        driver.get(api.base + "/#/admin");
        wait.until(ExpectedConditions.urlContains("#/sites"));
        driver.get(api.base + "/#/alert/acme/" + alertId);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alert-chart.chart-ready")));
        assertThat(driver.findElements(By.cssSelector("#ack-form, #resolve-form, textarea, button.primary")))
                .isEmpty();
        // ... and a write forged with the session and its CSRF token is refused by the API.
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch('/api/v1/me').then(r => r.json()).then(me => fetch('/api/v1/tenants/acme/alerts/"
                                + alertId + "/ack', {"
                                + " method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token},"
                                + " body: JSON.stringify({note: 'x'})})).then(r => done(r.status)).catch(e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        // Another region's store does not exist for this inspector.
        Object other = ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/tenants/globex/sites/mart-bj/temperature-log').then(r => done(r.status));");
        assertThat(other).isEqualTo(404L);

        // The PDF, one click away (skipped without a Chinese font on the server).
        Assumptions.assumeTrue(
                Files.exists(FONT), "PDF download skipped: no Chinese font (apt-get install fonts-wqy-zenhei)");
        driver.navigate().back();
        driver.get(api.base + "/#/site/acme/store-a");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("download-pdf")))
                .click();
        Path pdf = waitForDownload(".pdf");
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("%PDF-");
        assertThat(Files.size(pdf)).isGreaterThan(5000);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private WebDriver browser(String language) throws Exception {
        downloads = Files.createTempDirectory("coldchain-downloads");
        return HeadlessChromium.open(language, downloads);
    }

    private void logIn(WebDriverWait wait, String username) {
        HeadlessChromium.logIn(driver, wait, username, PASSWORD);
        assertThat(driver.getCurrentUrl()).doesNotContain("ccs_").doesNotContain(PASSWORD);
    }

    private Path waitForDownload(String suffix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(downloads)) {
                Optional<Path> done =
                        files.filter(p -> p.toString().endsWith(suffix)).findFirst();
                if (done.isPresent() && Files.size(done.get()) > 0) {
                    return done.get();
                }
            }
            Thread.sleep(200); // polling the download directory; the assertion is on the file's content
        }
        throw new AssertionError("no " + suffix + " downloaded into " + downloads);
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(driver, name);
    }

    private static void site(String tenant, String id, String name, String region) throws Exception {
        api.require(
                201,
                "PUT",
                "/api/v1/tenants/" + tenant + "/sites/" + id,
                admin,
                new JsonObject()
                        .put("name", name)
                        .put("kind", "store")
                        .put("region", region)
                        .put("address", "88 Zhongshan N Rd"));
    }
}
