package io.gympulse.gateway.aggregates;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.DynamoFixture;
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
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bins missed while the gateway was down are rebuilt from the event log at the next start, on both stores. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BinRebuildTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Map<String, String> SETTINGS = Map.of("HEARTBEAT_WINDOW_MS", "86400000");

  private final MutableClock clock = new MutableClock(T0.minusSeconds(120));
  private final List<String> legs = TestGateway.CATALOG.machines(GYM, Category.LEGS).stream().map(Machine::machineId).toList();
  private GuardedVertx guarded;
  private TestGateway gateway;
  private long seq;

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop();
    }
    guarded.closeAndAssertNoBlocking();
  }

  private void report(MqttClient hub, String machineId, String status) throws Exception {
    hub.publish(Devices.topic(GYM, machineId), Devices.status(status, clock.seconds(), ++seq), 1, false);
  }

  /** Verifies that the bin a stopped gateway never closed is rebuilt from events by the next one, in memory. */
  @Test
  void missedBinsAreRebuiltInMemory() throws Exception {
    assertRebuilt(Stores.inMemory(clock));
  }

  /** Verifies the same on DynamoDB (dynalite): events read back through the real SDK. */
  @Test
  void missedBinsAreRebuiltOnDynamoDb() throws Exception {
    try (DynamoFixture dynamo = DynamoFixture.start()) {
      assertRebuilt(dynamo.stores(guarded.vertx(), dynamo.newTables()));
    }
  }

  private void assertRebuilt(Stores stores) throws Exception {
    // GIVEN a gateway that sees the leg machines free, then one occupied from T0+5 to T0+10 min
    gateway = TestGateway.start(guarded.vertx(), SETTINGS, stores, clock);
    MqttClient hub = Devices.connect(gateway.mqttPort(), Devices.HUB_CLIENT_ID);
    clock.set(T0.minusSeconds(60));
    for (String machine : legs) {
      report(hub, machine, "free");
    }
    clock.set(T0.plus(Duration.ofMinutes(5)));
    report(hub, MACHINE, "occupied");
    clock.set(T0.plus(Duration.ofMinutes(10)));
    report(hub, MACHINE, "free");
    Devices.closeQuietly(hub);

    // WHEN it stops before the bin closes, and the next one starts 50 minutes later
    clock.set(T0.plus(Duration.ofMinutes(12)));
    gateway.stop();
    clock.set(T0.plus(Duration.ofMinutes(50)));
    gateway = TestGateway.start(guarded.vertx(), SETTINGS, stores, clock);

    // THEN the missed bins are there, the first one exactly as the transitions say
    JsonArray bins = Http.get(gateway.httpPort(), "/branches/" + GYM + "/categories/legs/occupancy?from=" + T0)
        .<JsonObject>json().getJsonArray("bins");
    assertEquals(List.of(T0.toString(), T0.plusSeconds(900).toString(), T0.plusSeconds(1800).toString(),
            T0.plusSeconds(2700).toString()),
        bins.stream().map(b -> ((JsonObject) b).getString("binStart")).toList(), bins.encode());
    JsonObject first = bins.getJsonObject(0);
    assertEquals(false, first.getBoolean("partial"));
    assertEquals(Math.round(300.0 / (900 * legs.size()) * 1000) / 1000.0, first.getDouble("occupancy"), 1e-9);
    assertEquals(legs.size() - 1, first.getInteger("minFree"));
    assertEquals(0.0, bins.getJsonObject(1).getDouble("occupancy"), 1e-9, "all free, nobody training");
    assertEquals(true, bins.getJsonObject(3).getBoolean("partial"));
    gateway.stop();
    gateway = null;
  }
}
