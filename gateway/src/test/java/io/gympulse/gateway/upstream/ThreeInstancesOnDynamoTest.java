package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.Upstream;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three instances on one broker and one DynamoDB (dynalite, each instance with its own store objects on the same
 * tables, as three tasks would be): every member on every instance is told of every transition a device publishes
 * to the broker, and the transitions are in {@code events}, each once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreeInstancesOnDynamoTest {

  /**
   * Each machine changes once a second: a member that falls further behind than a machine's next change is given
   * its latest state instead of every step (conflation, by design), and with 100 ms between a machine's changes a
   * loaded CI machine's event-loop delays did that once. This test is about distribution across instances.
   */
  private static final int MACHINES = 20;
  private static final int TRANSITIONS_PER_MACHINE = 2;

  private final GuardedVertx guarded = GuardedVertx.create();
  private final List<TestGateway> gateways = new ArrayList<>();
  private final List<WsProbe> members = new ArrayList<>();
  private DynamoFixture dynamo;
  private Mosquitto broker;
  private MqttClient device;

  @AfterEach
  void close() throws Exception {
    members.forEach(WsProbe::close);
    Devices.closeQuietly(device);
    gateways.forEach(TestGateway::stop);
    guarded.closeAndAssertNoBlocking();
    if (broker != null) {
      broker.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /**
   * Verifies that a device publishing QoS 1 to the broker reaches a member on each of three instances with every
   * transition, in order per machine, and that each transition is stored once in the shared events table.
   */
  @Test
  void everyMemberOnEveryInstanceIsToldOfEveryTransitionAndEachIsStoredOnce() throws Exception {
    // GIVEN a broker, one set of tables, and three instances following the broker, each with a member on 20 machines
    broker = Mosquitto.start(false);
    dynamo = DynamoFixture.start();
    DynamoTables tables = dynamo.newTables();
    for (String instance : List.of("gw-a", "gw-b", "gw-c")) {
      gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", instance,
          "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_PLAIN", "off"),
          dynamo.stores(guarded.vertx(), tables)));
    }
    for (TestGateway gateway : gateways) {
      Upstream.awaitUp(gateway.httpPort(), Duration.ofSeconds(20));
    }
    List<Machine> machines = TestGateway.CATALOG.machines().stream().filter(m -> GYM.equals(m.gymId()))
        .limit(MACHINES).toList();
    String[] topics = machines.stream().map(m -> "machines/" + m.machineId()).toArray(String[]::new);
    for (TestGateway gateway : gateways) {
      WsProbe member = WsProbe.connect(guarded.vertx(), gateway.httpPort()).subscribe(topics);
      for (int i = 0; i < topics.length; i++) {
        member.next("snapshot", 5);
      }
      members.add(member);
    }

    // WHEN a device publishes 40 transitions at QoS 1, 50 ms apart (each machine changes once a second)
    device = Devices.connect(broker.port(), Devices.HUB_CLIENT_ID);
    long startMillis = (long) (Devices.now() - 60) * 1000;
    Set<String> published = new TreeSet<>();
    for (int i = 0; i < MACHINES * TRANSITIONS_PER_MACHINE; i++) {
      Machine machine = machines.get(i % MACHINES);
      long millis = startMillis + i;
      int round = i / MACHINES;
      device.publish(Devices.topic(GYM, machine.machineId()),
          Devices.status(round % 2 == 0 ? "occupied" : "free", millis / 1000.0, round + 1), 1, false);
      published.add(machine.machineId() + "@" + millis);
      Thread.sleep(50);
    }

    // THEN each member is told of every transition, none twice
    for (WsProbe member : members) {
      List<String> told = new ArrayList<>();
      try {
        waitUntil(() -> {
          member.drain().stream().filter(m -> "machine".equals(m.getString("type")))
              .forEach(m -> told.add(m.getString("machineId") + "@" + Math.round(m.getDouble("timestamp") * 1000)));
          return told.size() >= published.size();
        }, Duration.ofSeconds(10));
      } catch (AssertionError notAll) {
        // the comparison below says what is missing
      }
      assertEquals(published, new TreeSet<>(told), "what a member was told");
      assertEquals(published.size(), told.size(), "nothing told twice");
    }
    // AND events holds each transition once, as every instance's history says
    for (TestGateway gateway : gateways) {
      waitUntil(() -> new TreeSet<>(storedOn(gateway, machines)).equals(published), Duration.ofSeconds(10));
      assertEquals(published.size(), storedOn(gateway, machines).size(), "each transition once");
    }
  }

  /** Every machine's stored transitions, as {@code machineId@millis}, asked through one instance's history API. */
  private static List<String> storedOn(TestGateway gateway, List<Machine> machines) {
    List<String> rows = new ArrayList<>();
    for (Machine machine : machines) {
      JsonArray events = Http.get(gateway.httpPort(), "/machines/" + machine.machineId() + "/history?limit=100")
          .<JsonObject>json().getJsonArray("events");
      for (int i = 0; i < events.size(); i++) {
        rows.add(machine.machineId() + "@" + Math.round(events.getJsonObject(i).getDouble("timestamp") * 1000));
      }
    }
    return rows;
  }
}
