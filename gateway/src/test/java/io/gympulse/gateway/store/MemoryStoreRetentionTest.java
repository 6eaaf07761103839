package io.gympulse.gateway.store;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.config.ConfigSource;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.Eventually;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.MutableClock;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A gateway on the embedded store, configured as {@code Main} configures it, forgets as the design says and counts it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoryStoreRetentionTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  /** A day of silence before offline, so the clock's jumps do not add heartbeat transitions. */
  private static final Map<String, String> SETTINGS = Map.of("MEMORY_MAX_EVENTS", "100", "HEARTBEAT_WINDOW_MS", "86400000");

  private final MutableClock clock = new MutableClock(T0);
  /**
   * The stores' clock, moved apart from the gateway's by the 30-day jump: jumping the gateway's own clock that far
   * makes its aggregates recorder close every 15-minute bin of the month at once (~200,000 for the bundled catalog)
   * and block its loop, a different matter from retention.
   */
  private final MutableClock storeClock = new MutableClock(T0);
  private GuardedVertx guarded;
  private TestGateway gateway;
  private MqttClient hub;
  private long seq;

  @BeforeEach
  void start() throws Exception {
    guarded = GuardedVertx.create();
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(SETTINGS));
    Stores stores = Stores.open(guarded.vertx(), config.store(), "test", storeClock).await(10, TimeUnit.SECONDS);
    gateway = TestGateway.start(guarded.vertx(), SETTINGS, stores, clock);
    MqttConnectOptions options = new MqttConnectOptions();
    // Paho frees an in-flight slot just after a synchronous publish returns: back to back, the default 10 can run out
    options.setMaxInflight(200);
    hub = Devices.connect(gateway.mqttPort(), Devices.HUB_CLIENT_ID, options);
  }

  @AfterEach
  void stop() {
    Devices.closeQuietly(hub);
    if (gateway != null) {
      gateway.stop();
    }
    guarded.closeAndAssertNoBlocking();
  }

  /**
   * Verifies that past MEMORY_MAX_EVENTS the busy machine's oldest events go while a quiet machine keeps its own, that
   * everything goes 30 days on, and that /metrics counts both by the right amounts.
   */
  @Test
  void eventsAreBoundedThenExpiredAndCountedInMetrics() throws Exception {
    // GIVEN a quiet machine with 3 transitions, then a busy one with 120 (QoS 1: acknowledged once stored)
    report(OTHER_MACHINE, "free");
    report(OTHER_MACHINE, "occupied");
    report(OTHER_MACHINE, "offline");
    long busyFirst = clock.millis() + 1_000;
    for (int i = 0; i < 119; i++) {
      report(MACHINE, i % 2 == 0 ? "free" : "occupied");
    }
    report(MACHINE, "offline");

    // THEN 23 over the bound of 100 were evicted, all the busy machine's oldest
    assertEquals(100, metric("gympulse_store_events_held"));
    assertEquals(23, metric("gympulse_store_events_evicted_total{reason=\"memory_bound\"}"));
    assertEquals(0, metric("gympulse_store_events_expired_total"));
    assertEquals(3, history(OTHER_MACHINE).size());
    JsonArray busy = history(MACHINE);
    assertEquals(97, busy.size());
    assertEquals((busyFirst + 23_000) / 1000.0, busy.getJsonObject(busy.size() - 1).getDouble("timestamp"));

    // WHEN 30 days pass after the last transition
    storeClock.set(clock.instant().plus(Duration.ofDays(30)));

    // THEN history no longer has them, and the sweep frees and counts all 100
    assertEquals(0, history(MACHINE).size());
    assertEquals(0, history(OTHER_MACHINE).size());
    Eventually.waitUntil(() -> metric("gympulse_store_events_held") == 0);
    assertEquals(100, metric("gympulse_store_events_expired_total"));
    assertEquals(23, metric("gympulse_store_events_evicted_total{reason=\"memory_bound\"}"));
  }

  private void report(String machineId, String status) throws Exception {
    clock.advance(Duration.ofSeconds(1));
    storeClock.set(clock.instant());
    hub.publish(Devices.topic(GYM, machineId), Devices.status(status, clock.seconds(), ++seq), 1, false);
  }

  /** The machine's events over the last 31 days, newest first. */
  private JsonArray history(String machineId) {
    Instant now = storeClock.instant();
    Http.Response response = Http.get(gateway.httpPort(), "/machines/" + machineId + "/history?limit=1000&from="
        + now.minus(Duration.ofDays(31)) + "&to=" + now);
    assertEquals(200, response.status(), response.text());
    return response.<JsonObject>json().getJsonArray("events");
  }

  /** A sample's value in the Prometheus text of /metrics, read as a scraper would. */
  private double metric(String sample) {
    Matcher line = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
        .matcher(Http.get(gateway.httpPort(), "/metrics").text());
    if (!line.find()) {
      throw new AssertionError("no sample " + sample + " in /metrics");
    }
    return Double.parseDouble(line.group(1));
  }
}
