package io.gympulse.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The built-in simulator plays the catalog over real MQTT, and clients see it like real devices. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SimulatorTest {

  private static final Catalog CATALOG = TestGateway.CATALOG;
  private static final String GYM = "hk-central-caine";
  private static final Set<String> STATUSES = Set.of("free", "occupied", "offline");

  // an hour of gym life per real second, so sessions of minutes change within the test
  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("SIMULATOR", "on", "SIMULATOR_SPEED", "3600"));

  private WsProbe chain;
  private WsProbe legs;

  @AfterEach
  void closeClients() {
    if (chain != null) {
      chain.close();
    }
    if (legs != null) {
      legs.close();
    }
  }

  /** Verifies that simulated machines reach WebSocket subscribers, REST and metrics through the MQTT ingest path. */
  @Test
  void simulatedMachinesReachWebSocketRestAndMetricsThroughMqtt() {
    // GIVEN a client following the whole chain and one following the legs of one branch
    chain = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe("branches");
    String legsTopic = "branches/" + GYM + "/categories/legs";
    legs = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe(legsTopic);

    // THEN the chain client gets its snapshot, then summaries as simulated machines change
    assertEquals("branches", chain.next("snapshot", 5).getString("topic"));
    JsonObject summary = chain.next("summary", 10);
    String gymId = summary.getString("gymId");
    Category category = Category.parse(summary.getString("category")).orElseThrow();
    assertTrue(CATALOG.branch(gymId).isPresent(), "summary of a catalog branch: " + summary);
    assertEquals(CATALOG.machines(gymId, category).size(), summary.getInteger("total"));
    assertEquals(summary.getInteger("total"),
        summary.getInteger("free") + summary.getInteger("occupied") + summary.getInteger("offline"));

    // AND the legs client gets its snapshot, then transitions of machines of exactly that branch and category
    assertEquals(legsTopic, legs.next("snapshot", 5).getString("topic"));
    Set<String> legMachines = CATALOG.machines(GYM, Category.LEGS).stream().map(Machine::machineId)
        .collect(Collectors.toSet());
    JsonObject machine = legs.next("machine", 20);
    assertTrue(legMachines.contains(machine.getString("machineId")), "a legs machine of " + GYM + ": " + machine);
    assertEquals(GYM, machine.getString("gymId"));
    assertEquals("legs", machine.getString("category"));
    assertTrue(STATUSES.contains(machine.getString("status")), machine.encode());

    // AND REST shows machines with a live status, no longer all offline as at start
    eventually("some machine free or occupied in GET /branches", () -> {
      JsonArray branches = Http.get(gw.httpPort(), "/branches").json();
      int reporting = 0;
      for (int i = 0; i < branches.size(); i++) {
        JsonObject categories = branches.getJsonObject(i).getJsonObject("categories");
        for (String name : categories.fieldNames()) {
          JsonObject counts = categories.getJsonObject(name);
          reporting += counts.getInteger("free") + counts.getInteger("occupied");
        }
      }
      return reporting > 0;
    });

    // AND it all came through MQTT: one hub connection per branch, transitions counted by ingest
    eventually("one MQTT hub connection per branch",
        () -> gw.metric("gympulse.mqtt.connections") == CATALOG.branches().size());
    eventually("accepted MQTT transitions counted",
        () -> gw.metric("gympulse.mqtt.messages.accepted", "outcome", "transition") > 0);
    String metrics = Http.get(gw.httpPort(), "/metrics").text();
    assertTrue(metrics.lines().noneMatch(line -> line.startsWith("gympulse_mqtt_rejections_total")
        && !line.endsWith(" 0.0")), "the simulator's own messages are never rejected:\n" + metrics);
  }

  /** Polls {@code condition} for up to 10 s; the simulator's pace is real time, so results arrive over time. */
  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 10 s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
