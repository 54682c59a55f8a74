package io.coldchain.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium and ChromeDriver for the web app's browser tests: nothing is
 * downloaded; without the packages the tests are skipped (see {@link #available()}).
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static String skipReason() {
        return "Browser tests skipped: no " + CHROMIUM + " and " + CHROMEDRIVER;
    }

    /**
     * A browser whose preferred language is {@code language}; {@code downloads}, when not null, is
     * where it saves files without asking.
     */
    static WebDriver open(String language, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1000",
                "--lang=" + language);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("intl.accept_languages", language);
        if (downloads != null) {
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
        }
        options.setExperimentalOption("prefs", prefs);
        // One driver service per browser: quitting the browser stops its service.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Logs in through the web app's form and waits until the form is gone. */
    static void logIn(WebDriver driver, WebDriverWait wait, String username, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-submit")));
    }

    /** Saves the page as {@code name}.png in target/screenshots (or {@code -Dweb.screenshots=DIR}). */
    static void screenshot(WebDriver driver, String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of(System.getProperty("web.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
