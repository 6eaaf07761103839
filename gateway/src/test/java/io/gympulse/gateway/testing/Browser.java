package io.gympulse.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (Selenium Manager never runs, so nothing is
 * downloaded). Keeps the page's console, saves screenshots under {@code target/screenshots}, and can pretend to be a
 * phone or to stand somewhere.
 */
public final class Browser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A headless browser with a desktop-sized window. */
  public static Browser start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--lang=en-GB");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * Waits up to {@code timeout} for {@code condition} to give a non-null, non-false value, and returns it. An element
   * the page replaced between finding and reading it (a live update, a new page) is read again on the next try.
   */
  public <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(25)).withMessage(what)
        .ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** The text of the first element matching {@code css}, or null when there is none. */
  public String textOf(String css) {
    List<WebElement> found = findAll(css);
    return found.isEmpty() ? null : found.get(0).getText();
  }

  public Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
  }

  /** The connection indicator's state: connecting, syncing, live or reconnecting. */
  public String connectionState() {
    return find("#connection").getAttribute("data-state");
  }

  public void awaitLive(Duration timeout) {
    await(timeout, "the page to be live", d -> "live".equals(connectionState()));
  }

  /** Lays the page out as on a phone {@code width} CSS pixels wide (touch and mobile viewport rules included). */
  public void emulateScreen(int width, int height, boolean mobile) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", mobile ? 2 : 1, "mobile", mobile));
  }

  /** Back to the window's own size after {@link #emulateScreen}. */
  public void resetScreen() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** Grants {@code origin} a permission such as {@code notifications}, as if the member had allowed it. */
  public void allow(String origin, String permission) {
    driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin, "permissions", List.of(permission)));
  }

  /** Runs {@code javascript} in every page opened from now on, before the page's own scripts. */
  public void beforeEachPage(String javascript) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", javascript));
  }

  /** Grants {@code origin} the location permission and puts the browser at {@code lat}, {@code lon}. */
  public void standAt(String origin, double lat, double lon) {
    allow(origin, "geolocation");
    driver.executeCdpCommand("Emulation.setGeolocationOverride",
        Map.of("latitude", lat, "longitude", lon, "accuracy", 20));
  }

  /** Whether anything on the page is wider than the viewport (a horizontal scroll bar on a phone). */
  public boolean overflowsHorizontally() {
    return (Boolean) script("return document.documentElement.scrollWidth > window.innerWidth"
        + " || document.body.scrollWidth > window.innerWidth");
  }

  /** Console entries at SEVERE (errors, failed loads) since the last call. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Saves the page as {@code target/screenshots/{name}.png} and returns the path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
