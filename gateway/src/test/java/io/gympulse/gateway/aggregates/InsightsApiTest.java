package io.gympulse.gateway.aggregates;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.MutableClock;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Occupancy bins, forecasts and peak hours through REST, from live MQTT transitions and from backfilled history. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InsightsApiTest {

  /** A bin boundary: 18:00 in Hong Kong. */
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0.minusSeconds(120));
  private GuardedVertx guarded;
  private TestGateway gateway;
  private MqttClient hub;
  private long seq;

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
  }

  @AfterEach
  void stop() {
    Devices.closeQuietly(hub);
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  private void startGateway(Map<String, String> settings) {
    gateway = TestGateway.start(guarded.vertx(), settings, Stores.inMemory(clock), clock);
  }

  private void report(String machineId, String status) throws Exception {
    if (hub == null) {
      hub = Devices.connect(gateway.mqttPort(), Devices.HUB_CLIENT_ID);
    }
    hub.publish(Devices.topic(GYM, machineId), Devices.status(status, clock.seconds(), ++seq), 1, false);
  }

  private JsonObject get(String path) {
    Http.Response response = Http.get(gateway.httpPort(), path);
    assertEquals(200, response.status(), path + ": " + response.text());
    return response.json();
  }

  /** Verifies that live transitions become a closed, time-weighted bin plus the partial one being filled. */
  @Test
  void liveTransitionsBecomeBins() throws Exception {
    startGateway(Map.of("HEARTBEAT_WINDOW_MS", "86400000"));
    List<String> legs = TestGateway.CATALOG.machines(GYM, io.gympulse.gateway.catalog.Category.LEGS).stream()
        .map(m -> m.machineId()).toList();
    // every leg machine reported free a minute before T0; one occupied from T0+5 min to T0+20 min
    // (so 10 of the first bin's 15 minutes)
    clock.set(T0.minusSeconds(60));
    for (String machine : legs) {
      report(machine, "free");
    }
    clock.set(T0.plus(Duration.ofMinutes(5)));
    report(MACHINE, "occupied");
    clock.advance(Duration.ofMinutes(15));
    report(MACHINE, "free");
    clock.advance(Duration.ofMinutes(1));

    JsonArray bins = get("/branches/" + GYM + "/categories/legs/occupancy?from=" + T0).getJsonArray("bins");

    assertEquals(2, bins.size(), bins.encodePrettily());
    JsonObject first = bins.getJsonObject(0);
    assertEquals(T0.toString(), first.getString("binStart"));
    assertEquals(false, first.getBoolean("partial"));
    // occupied 600 machine-seconds of 900 × machines available
    assertEquals(Math.round(600.0 / (900 * legs.size()) * 1000) / 1000.0, first.getDouble("occupancy"), 1e-9);
    assertEquals(legs.size() - 1, first.getInteger("minFree"));
    assertEquals(legs.size(), first.getInteger("maxFree"));
    assertEquals(true, bins.getJsonObject(1).getBoolean("partial"));
  }

  /** Verifies that without history forecasts and peak hours say nothing rather than guess. */
  @Test
  void withoutHistoryNothingIsShown() {
    startGateway(Map.of());
    JsonObject machine = get("/forecast/machines/" + MACHINE + "?minutes=30");
    assertEquals(false, machine.getBoolean("show"));
    assertNull(machine.getValue("probabilityFree"));
    assertEquals("unknown", machine.getString("classification"));
    assertEquals(false, get("/forecast/branches/" + GYM + "/categories/legs").getBoolean("show"));
    assertEquals(false, get("/branches/" + GYM + "/peak-hours").getBoolean("show"));
    assertEquals(400, Http.get(gateway.httpPort(), "/forecast/machines/" + MACHINE + "?minutes=-5").status());
    assertEquals(404, Http.get(gateway.httpPort(), "/forecast/machines/nope").status());
  }

  /** Verifies that after a simulator backfill forecasts and peak hours answer with sensible figures. */
  @Test
  void backfilledHistoryGivesForecastsAndPeakHours() throws Exception {
    clock.set(Instant.now());
    startGateway(Map.of("SIMULATOR", "on", "SIMULATOR_BACKFILL_DAYS", "21", "SIMULATOR_SPEED", "1"));
    Eventually.untilMachineReported(gateway, MACHINE);

    JsonObject machine = get("/forecast/machines/" + MACHINE + "?minutes=30");
    assertEquals(true, machine.getBoolean("show"), machine.encode());
    double probability = machine.getDouble("probabilityFree");
    assertTrue(probability >= 0 && probability <= 1, machine.encode());
    assertTrue(machine.getInteger("samples") >= 2, machine.encode());
    assertTrue(Set.of("likely_free", "possibly_free", "unlikely_free", "busy").contains(machine.getString("classification")));

    JsonObject category = get("/forecast/branches/" + GYM + "/categories/cardio?minutes=60");
    assertEquals(true, category.getBoolean("show"), category.encode());

    JsonObject peaks = get("/branches/" + GYM + "/peak-hours");
    assertEquals(true, peaks.getBoolean("show"));
    assertEquals(24, peaks.getJsonArray("hours").size());
    JsonObject night = peaks.getJsonArray("hours").getJsonObject(3);
    JsonObject evening = peaks.getJsonArray("hours").getJsonObject(19);
    assertTrue(evening.getDouble("occupancy") > night.getDouble("occupancy"), "19:00 busier than 03:00: " + peaks.encode());
  }

  /** Small wait for the simulator's first report, so live state is not all offline. */
  private static final class Eventually {
    static void untilMachineReported(TestGateway gateway, String machineId) throws InterruptedException {
      io.gympulse.gateway.testing.Eventually.waitUntil(() -> !"offline".equals(
          Http.get(gateway.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status")));
    }
  }
}
