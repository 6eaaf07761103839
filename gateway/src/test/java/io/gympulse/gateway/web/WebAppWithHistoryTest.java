package io.gympulse.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Browser;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Keys;

/**
 * The web app over weeks of history and a running simulator, as the README's first command shows it: today's
 * occupancy chart with its peak hours, the 30-minute forecast, and a chain that moves. Its screenshots are the ones in
 * the README.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebAppWithHistoryTest {

  private static final Duration PAGE_LOAD = Duration.ofSeconds(15);

  private GuardedVertx guarded;
  private TestGateway gateway;
  private Browser browser;

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
    gateway = TestGateway.start(guarded.vertx(), Map.of("SIMULATOR", "on", "SIMULATOR_SPEED", "60",
        "SIMULATOR_BACKFILL_DAYS", "28"), TestGateway.machineStore());
    browser = Browser.start();
  }

  @AfterEach
  void stop() {
    try {
      browser.close();
      gateway.stop();
    } finally {
      guarded.closeAndAssertNoBlocking();
    }
  }

  /**
   * Verifies that with history the branch page draws today's bins with the usual peak hours marked and named, the
   * machine page gives a 30-minute forecast with its confidence, the assistant's cards give the chance one is free
   * on arrival, and the console stays clean throughout.
   */
  @Test
  void branchChartMarksPeakHoursAndMachinePageForecasts() {
    String base = "http://127.0.0.1:" + gateway.httpPort() + "/";
    browser.open(base);
    browser.awaitLive(PAGE_LOAD);
    browser.await(PAGE_LOAD, "tiles with free machines", d -> browser.findAll(".tile").size() == 12
        && !browser.textOf(".tile .totals").startsWith("0 of"));
    browser.screenshot("history-overview");

    browser.open(base + "#/branches/" + Devices.GYM);
    browser.awaitLive(PAGE_LOAD);
    browser.await(PAGE_LOAD, "today's bins", d -> browser.findAll(".chart .bin").size() > 0);
    assertFalse(browser.findAll(".chart .peak").isEmpty(), "peak hours are shaded");
    assertTrue(browser.textOf(".chart-note").contains("Usually busiest "), browser.textOf(".chart-note"));
    assertTrue(browser.findAll(".chart .usual").size() == 1, "the usual day is drawn");
    browser.screenshot("history-branch");

    browser.emulateScreen(375, 812, true);
    browser.open(base + "#/machines/" + Devices.MACHINE);
    browser.awaitLive(PAGE_LOAD);
    browser.await(PAGE_LOAD, "the forecast", d -> browser.textOf(".forecast").matches(
        "(Likely free|Possibly free|Probably busy|Very likely busy) — \\d+% chance it is free at \\d\\d:\\d\\d"
            + " \\(confidence \\d+%, from \\d+ similar days\\)"));
    browser.await(PAGE_LOAD, "the history", d -> browser.findAll(".history li time").size() > 0);
    assertFalse(browser.overflowsHorizontally());
    browser.screenshot("history-machine-phone");

    browser.resetScreen();
    browser.standAt("http://127.0.0.1:" + gateway.httpPort(), 22.279, 114.165);
    browser.open(base + "#/ask");
    browser.find("#use-location").click();
    browser.find("#question").sendKeys("leg day near me?", Keys.ENTER);
    browser.await(PAGE_LOAD, "cards with the chance on arrival", d -> !browser.findAll(".rec .rec-arrival").isEmpty());
    assertTrue(browser.textOf(".rec .rec-arrival").matches(
        "(Very likely|Likely|Maybe|Unlikely) one is free when you arrive at \\d\\d:\\d\\d \\(\\d+%\\)"),
        browser.textOf(".rec .rec-arrival"));
    browser.screenshot("history-ask");

    assertEquals(List.of(), browser.consoleErrors());
  }
}
