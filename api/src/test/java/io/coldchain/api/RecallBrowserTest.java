package io.coldchain.api;

import static io.coldchain.api.RecallFixture.LOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.registry.user.UserAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
 * Recalls and the public trace page in a real browser (Debian's headless Chromium, skipped without
 * it, like {@code WebAppBrowserTest}): QA makes a recall and confirms a site, shows the batch's QR
 * code and opens its public page in English and Chinese; a regulator reads its region's recall.
 */
class RecallBrowserTest {
    private static final String PASSWORD = "browser-password-2026";

    private static TestApi api;
    private WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), HeadlessChromium.skipReason());
        api = new TestApi("recallweb");
        String admin = api.token("acme", "admin", null);
        RecallFixture.build(api, admin);
        api.require(
                201,
                "PUT",
                RecallFixture.T + "/batches/L-api",
                admin,
                new JsonObject()
                        .put("sku", "yog-1")
                        .put("produced_at", "2026-11-01T06:00:00Z")
                        .put("expires_at", "2026-11-22T00:00:00Z"));
        api.require(
                201,
                "POST",
                RecallFixture.T + "/placements",
                admin,
                new JsonObject().put("lot", "L-api").put("asset", "case-a").put("from", "2026-11-05T00:00:00Z"));
        api.require(
                201,
                "POST",
                RecallFixture.T + "/recalls",
                admin,
                new JsonObject()
                        .put("id", "R-api")
                        .put("lots", new JsonArray().add("L-api"))
                        .put("reason", "Wrong allergen label"));
        UserAccounts accounts = new UserAccounts(api.pool);
        accounts.create("qa-zhou", Optional.of("acme"), "qa", Optional.empty(), "Zhou (QA)", PASSWORD, "test");
        accounts.create(
                "inspector-he", Optional.empty(), "regulator", Optional.of("320400"), "Inspector He", PASSWORD, "test");
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
    void qaMakesARecallConfirmsASiteAndOpensThePublicPageOfTheBatch() throws Exception {
        driver = browser("en-US");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(api.base + "/");
        logIn(wait, "qa-zhou");
        driver.findElement(By.linkText("Recalls")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("r-id"))).sendKeys("R-web");
        driver.findElement(By.id("r-lots")).sendKeys(LOT);
        driver.findElement(By.id("r-reason")).sendKeys("Listeria in the retained sample");
        driver.findElement(By.cssSelector("#recall-form button[type=submit]")).click();
        WebElement section = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recall-R-web")));
        assertThat(section.getText()).contains("(wh-1)").contains("(store-a)").contains("(store-b)");
        assertThat(section.getText()).contains("notified").contains("case-b");

        By storeA = By.xpath("//section[@id='recall-R-web']//tr[td[contains(., '(store-a)')]]");
        new Select(driver.findElement(storeA).findElement(By.tagName("select"))).selectByValue("confirmed");
        driver.findElement(storeA).findElement(By.tagName("input")).sendKeys("Shelf checked");
        driver.findElement(storeA).findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(storeA, "Shelf checked"));
        assertThat(driver.findElement(storeA).getText()).contains("confirmed");
        screenshot("web-recalls");
        JsonObject recall =
                api.require(200, "GET", RecallFixture.T + "/recalls/R-web", api.token("acme", "admin", null), null);
        assertThat(recall.getJsonArray("sites").stream()
                        .map(JsonObject.class::cast)
                        .filter(s -> "store-a".equals(s.getString("site")))
                        .findFirst()
                        .orElseThrow()
                        .getString("updated_by"))
                .isEqualTo("qa-zhou");

        driver.get(api.base + "/#/batch/acme/" + LOT);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("show-public-code")))
                .click();
        WebElement img = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#public-code img")));
        wait.until(d ->
                ((Number) ((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth", img)).intValue()
                        > 0);
        String url = driver.findElement(By.cssSelector("#public-code a")).getAttribute("href");
        assertThat(url).matches(".*/t/[a-z2-7]{32}");

        driver.get(url);
        WebElement main = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .facts")));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("Plain yoghurt 1 kg")
                .contains(LOT)
                .contains("RECALLED")
                .contains("display case")
                .doesNotContain("acme")
                .doesNotContain("store-a");
        assertThat(main.getText()).contains("2026-11-22");
        screenshot("web-public-trace");
        driver.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "已召回"));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("冷柜")
                .contains("保质期至");
        screenshot("web-public-trace-zh");
    }

    @Test
    void aRegulatorReadsTheRecallOfItsRegionWithoutControls() throws Exception {
        driver = browser("zh-CN");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(api.base + "/");
        logIn(wait, "inspector-he");
        driver.get(api.base + "/#/recalls");
        WebElement section = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recall-R-api")));
        assertThat(section.getText()).contains("(store-a)").contains("已通知").contains("Wrong allergen label");
        assertThat(section.findElements(By.tagName("select"))).isEmpty();
        assertThat(driver.findElements(By.id("recall-form"))).isEmpty();
    }

    private WebDriver browser(String language) {
        return HeadlessChromium.open(language, null);
    }

    private void logIn(WebDriverWait wait, String username) {
        HeadlessChromium.logIn(driver, wait, username, PASSWORD);
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(driver, name);
    }
}
