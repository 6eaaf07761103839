package io.gympulse.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Browser;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The member web app in a real browser (Debian's headless Chromium) against a gateway on free ports, driven as a
 * member would: devices report over MQTT (Paho), the page must follow within a second, survive a gateway restart, fit
 * a phone, and leave nothing in the console.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebAppBrowserTest {

  /** Central, Caine Road: the test catalog's {@link Devices#GYM} is the nearest branch. */
  private static final double CENTRAL_LAT = 22.2815;
  private static final double CENTRAL_LON = 114.1580;
  private static final Duration PAGE_LOAD = Duration.ofSeconds(10);

  private static Browser browser;
  private GuardedVertx guarded;
  private TestGateway gateway;
  private MqttClient device;
  private long seq;
  /** Console errors the test expects (it read them itself); any other is a failure in {@link #stop()}. */
  private boolean consoleChecked;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void start() throws MqttException {
    guarded = GuardedVertx.create();
    gateway = TestGateway.start(guarded.vertx());
    device = Devices.connect(gateway.mqttPort(), Devices.MACHINE_CLIENT_ID);
  }

  @AfterEach
  void stop() {
    List<String> errors = browser.consoleErrors();
    browser.open("about:blank");
    browser.resetScreen();
    Devices.closeQuietly(device);
    try {
      gateway.stop();
    } finally {
      guarded.closeAndAssertNoBlocking();
    }
    if (!consoleChecked) {
      assertEquals(List.of(), errors, "errors in the browser console");
    }
  }

  /**
   * Verifies that every tile of the overview shows what {@code GET /branches} says, and that a device's report changes
   * the right tile within a second, without a reload.
   */
  @Test
  void overviewMatchesRestAndFollowsADeviceWithinOneSecond() throws MqttException {
    // GIVEN the overview, live
    browser.open(baseUrl());
    browser.awaitLive(PAGE_LOAD);
    browser.await(PAGE_LOAD, "the tiles", d -> browser.findAll(".tile").size() == 12);

    // THEN each tile's counts are the REST answer's
    JsonArray branches = Http.get(gateway.httpPort(), "/branches").json();
    for (Object item : branches) {
      JsonObject branch = (JsonObject) item;
      for (String category : branch.getJsonObject("categories").fieldNames()) {
        assertEquals(countText(branch.getJsonObject("categories").getJsonObject(category)),
            browser.textOf(categoryCount(branch.getString("id"), category)), branch.getString("id") + "/" + category);
      }
    }

    // WHEN a sensor reports its machine free
    String legs = categoryCount(Devices.GYM, "legs");
    String before = browser.textOf(legs);
    report("free");
    long reported = System.nanoTime();

    // THEN that tile shows one more free machine within a second
    browser.await(Duration.ofSeconds(1), "the legs tile to change", d -> !before.equals(browser.textOf(legs)));
    long tookMillis = (System.nanoTime() - reported) / 1_000_000;
    JsonObject branch = Http.get(gateway.httpPort(), "/branches/" + Devices.GYM).json();
    JsonObject counts = branch.getJsonObject("categories").getJsonObject("legs");
    assertEquals(countText(counts), browser.textOf(legs), "after " + tookMillis + " ms");
    browser.screenshot("overview-after-report");
  }

  /** Verifies that a member who shares their location sees the nearest branch first, with its distance. */
  @Test
  void sharingTheLocationSortsBranchesNearestFirst() {
    browser.open(baseUrl());
    browser.standAt(origin(), CENTRAL_LAT, CENTRAL_LON);
    browser.await(PAGE_LOAD, "the tiles", d -> browser.findAll(".tile").size() == 12);

    browser.find(".sort button").click();

    browser.await(PAGE_LOAD, "nearest first", d -> "Nearest first.".equals(browser.textOf(".sort-note")));
    WebElement first = browser.findAll(".tile").get(0);
    assertEquals(Devices.GYM, first.getAttribute("data-gym"));
    assertTrue(first.findElement(By.cssSelector(".distance")).getText().matches("\\d+ m away"),
        first.getText());
  }

  /**
   * Verifies the alert flow end to end: created from the machine page with the keyboard only, the machine freed over
   * MQTT, the alert shown once on the page, and the member's list saying it fired.
   */
  @Test
  void alertCreatedOnTheMachinePageArrivesOnceWhenTheMachineFrees() throws Exception {
    // GIVEN a busy machine's page, notifications allowed (and counted as the page raises them)
    report("occupied");
    browser.allow(origin(), "notifications");
    browser.beforeEachPage("window.__notifications = []; const Shown = window.Notification;"
        + " window.Notification = class extends Shown { constructor(title, options) { super(title, options);"
        + " window.__notifications.push(title + ': ' + options.body); } };");
    browser.open(baseUrl() + "#/machines/" + Devices.MACHINE);
    browser.awaitLive(PAGE_LOAD);
    browser.await(PAGE_LOAD, "the busy status", d -> browser.textOf(".status-now").startsWith("● Busy"));

    // WHEN the member tabs to "Notify me when free" and presses Enter
    WebElement button = tabTo("Notify me when free");
    button.sendKeys(Keys.ENTER);
    browser.await(PAGE_LOAD, "the alert to be set", d -> browser.textOf(".notify .form-result").startsWith("Done"));
    browser.await(PAGE_LOAD, "the alert in the list", d -> browser.findAll(".alert-list li[data-status=pending]").size() == 1);

    // AND the machine frees
    report("free");

    // THEN the alert shows on the page, once, and the list says it fired
    browser.await(Duration.ofSeconds(2), "the alert on the page", d -> browser.findAll(".toast").size() == 1);
    assertTrue(browser.textOf(".toast").contains("Leg Press 1"), browser.textOf(".toast"));
    browser.await(PAGE_LOAD, "the alert marked fired", d -> browser.findAll(".alert-list li[data-status=fired]").size() == 1);
    browser.screenshot("machine-alert-fired");
    report("occupied");
    report("free");
    Thread.sleep(1_000); // a second firing would have arrived by now: a one-shot alert must not
    assertEquals(1, browser.findAll(".toast").size());
    assertEquals(List.of("GymPulse: free now: Leg Press 1 at GymPulse Central (Caine Road) is free now"),
        browser.script("return window.__notifications"));

    // AND the member dismisses it and deletes the alert from the list
    browser.find(".toast-close").click();
    assertTrue(browser.findAll(".toast").isEmpty());
    browser.find(".alert-list li[data-status=fired] button").click();
    browser.await(PAGE_LOAD, "the empty list", d -> "None yet.".equals(browser.textOf(".alert-list")));
    assertEquals("[]", Http.send(HttpRequest.newBuilder(
        URI.create(origin() + "/alerts")).header("Authorization", "Bearer " + browser.script(
        "return JSON.parse(localStorage.getItem('gympulse.session')).token")).GET()).text());
  }

  /** Verifies that the assistant answers with recommendation cards, and that a card opens its branch. */
  @Test
  void chatAnswersWithCardsThatOpenTheBranch() throws MqttException {
    report("free");
    browser.open(baseUrl() + "#/ask");
    browser.standAt(origin(), CENTRAL_LAT, CENTRAL_LON);

    browser.find("#use-location").click();
    browser.find("#question").sendKeys("leg day near me?", Keys.ENTER);

    browser.await(PAGE_LOAD, "recommendation cards", d -> !browser.findAll(".rec").isEmpty());
    WebElement card = browser.findAll(".rec").get(0);
    assertEquals(Devices.GYM, card.getAttribute("data-gym"));
    assertTrue(card.getText().contains("1 of 10 free now"), card.getText());
    assertTrue(card.getText().matches("(?s).*\\d+ min( \\(estimate\\))? away.*"), card.getText());
    browser.screenshot("ask-cards");

    card.findElement(By.tagName("a")).click();
    browser.await(PAGE_LOAD, "the branch page", d -> browser.textOf("h1").startsWith("GymPulse Central"));
  }

  /**
   * Verifies that the page says it is reconnecting and not live while the gateway is down, and is live again, and
   * following devices, once a gateway is back on the same address.
   */
  @Test
  void pageRecoversAfterTheGatewayRestarts() throws MqttException {
    // GIVEN a live branch page
    browser.open(baseUrl() + "#/branches/" + Devices.GYM);
    browser.awaitLive(PAGE_LOAD);
    int port = gateway.httpPort();

    // WHEN the gateway stops
    Devices.closeQuietly(device);
    gateway.stop();

    // THEN the page says so, and marks what it shows as not live
    browser.await(PAGE_LOAD, "the reconnecting state", d -> "reconnecting".equals(browser.connectionState()));
    assertTrue(browser.textOf("#connection").startsWith("Reconnecting"), browser.textOf("#connection"));
    browser.await(PAGE_LOAD, "the stale banner", d -> browser.find("#stale").isDisplayed());
    assertTrue(browser.textOf("#stale").startsWith("Not live since"), browser.textOf("#stale"));
    browser.screenshot("branch-reconnecting");

    // WHEN a gateway is back on the same port
    // THEN the page is live again, without the banner, and follows the new gateway's devices
    awaitLiveOnANewGateway(port);
  }

  /**
   * Verifies that a page told the gateway is draining (a rolling update) goes to reconnecting, and is live on the
   * gateway that takes over the address.
   */
  @Test
  void pageFollowsAGatewayDrainToTheNextGateway() throws Exception {
    // GIVEN a live machine page on a gateway that drains over one second
    gateway.stop();
    gateway = TestGateway.start(guarded.vertx(), Map.of("DRAIN_SECONDS", "1"), TestGateway.machineStore());
    Devices.closeQuietly(device);
    browser.open(baseUrl() + "#/machines/" + Devices.MACHINE);
    browser.awaitLive(PAGE_LOAD);
    int port = gateway.httpPort();

    // WHEN the gateway drains and stops
    gateway.gateway().drain().await(10, TimeUnit.SECONDS);
    browser.await(PAGE_LOAD, "the reconnecting state", d -> "reconnecting".equals(browser.connectionState()));
    gateway.stop();

    // THEN the page is live on the next gateway
    awaitLiveOnANewGateway(port);
  }

  /** Starts a gateway on {@code port} and checks the page is live on it and follows its devices. */
  private void awaitLiveOnANewGateway(int port) throws MqttException {
    gateway = TestGateway.start(guarded.vertx(), Map.of("HTTP_PORT", Integer.toString(port)), TestGateway.machineStore());
    device = Devices.connect(gateway.mqttPort(), Devices.MACHINE_CLIENT_ID);
    browser.awaitLive(Duration.ofSeconds(30));
    assertFalse(browser.find("#stale").isDisplayed());
    report("occupied");
    browser.await(Duration.ofSeconds(2), "the machine busy on the page", d -> browser.findAll(
        "li[data-machine='" + Devices.MACHINE + "'] .status-text, .status-now").get(0).getText().contains("Busy"));

    // the only console errors are the connections refused or turned away (503 while draining) with no gateway there
    List<String> unexpected = new ArrayList<>(browser.consoleErrors());
    unexpected.removeIf(message -> message.contains("ERR_CONNECTION_REFUSED")
        || message.matches("(?s).*WebSocket connection to 'ws://127\\.0\\.0\\.1:" + port + "/ws' failed.*"));
    assertEquals(List.of(), unexpected);
    consoleChecked = true;
  }

  /**
   * Verifies that on a 375-pixel phone screen no page scrolls sideways and every control has a label, on the
   * overview, a branch, a machine and the assistant with its answer.
   */
  @Test
  void everyPageFitsAPhoneAndLabelsEveryControl() throws MqttException {
    report("free");
    browser.emulateScreen(375, 812, true);
    browser.standAt(origin(), CENTRAL_LAT, CENTRAL_LON);
    Map<String, String> pages = Map.of(
        "phone-overview", "#/",
        "phone-branch", "#/branches/" + Devices.GYM,
        "phone-machine", "#/machines/" + Devices.MACHINE,
        "phone-ask", "#/ask");
    for (Map.Entry<String, String> page : pages.entrySet()) {
      browser.open(baseUrl() + page.getValue());
      browser.awaitLive(PAGE_LOAD);
      if (page.getKey().equals("phone-ask")) {
        browser.find("#use-location").click();
        browser.find("#question").sendKeys("leg day near me?", Keys.ENTER);
        browser.await(PAGE_LOAD, "recommendation cards", d -> !browser.findAll(".rec").isEmpty());
      }
      browser.screenshot(page.getKey());

      assertEquals(375L, browser.script("return window.innerWidth"), page.getKey());
      assertFalse(browser.overflowsHorizontally(), page.getKey() + " scrolls sideways");
      assertEquals(List.of(), browser.script("return [...document.querySelectorAll('input, select, button')]"
          + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())"
          + ".map(c => c.outerHTML)"), page.getKey() + ": controls without a label");
    }
  }

  /** Verifies that a wrong machine, branch or page address says so, without errors in the console. */
  @Test
  void wrongAddressesSayNotFound() {
    browser.open(baseUrl() + "#/machines/no-such-machine");
    browser.await(PAGE_LOAD, "no such machine", d -> "No such machine".equals(browser.textOf("h1")));
    browser.open(baseUrl() + "#/branches/no-such-branch");
    browser.await(PAGE_LOAD, "no such branch", d -> "No such branch".equals(browser.textOf("h1")));
    browser.open(baseUrl() + "#/nowhere");
    browser.await(PAGE_LOAD, "not found", d -> "Not found".equals(browser.textOf("h1")));
  }

  /** Moves focus with Tab, as a keyboard user does, until the button labelled {@code label} has it. */
  private WebElement tabTo(String label) {
    for (int presses = 0; presses < 40; presses++) {
      WebElement focused = browser.driver().switchTo().activeElement();
      if (label.equals(focused.getText())) {
        return focused;
      }
      focused.sendKeys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached '" + label + "'");
  }

  private void report(String status) throws MqttException {
    device.publish(Devices.topic(Devices.GYM, Devices.MACHINE), Devices.status(status, Devices.now(), ++seq), 1, false);
  }

  private static String countText(JsonObject counts) {
    int free = counts.getInteger("free");
    int total = counts.getInteger("total");
    return free == 0 ? "none free of " + total : free + " / " + total + " free";
  }

  private static String categoryCount(String gymId, String category) {
    return ".tile[data-gym='" + gymId + "'] li[data-category='" + category + "'] .count";
  }

  private String origin() {
    return "http://127.0.0.1:" + gateway.httpPort();
  }

  private String baseUrl() {
    return origin() + "/";
  }
}
