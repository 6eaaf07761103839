package io.gympulse.gateway.store;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB goes down while devices publish at QoS 1: acknowledgements wait, members still see changes,
 * readiness says degraded, and once DynamoDB is back every acknowledged message is stored exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreOutageTest {

  private DynamoFixture dynamo;
  private GuardedVertx guarded;
  private DynamoTables tables;
  private TestGateway gateway;
  private MqttAsyncClient hub;
  private WsProbe ws;
  private final List<Machine> machines = TestGateway.CATALOG.machines(GYM, Category.CARDIO);
  private final Map<String, Long> seq = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    dynamo = DynamoFixture.start();
    guarded = GuardedVertx.create();
    tables = dynamo.newTables();
    gateway = TestGateway.start(guarded.vertx(), Map.of(), dynamo.stores(guarded.vertx(), tables));
    hub = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), Devices.HUB_CLIENT_ID, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(200);
    hub.connect(options).waitForCompletion(5_000);
    ws = WsProbe.connect(guarded.vertx(), gateway.httpPort()).subscribe("branches/" + GYM + "/categories/cardio");
    ws.next("snapshot", 5);
  }

  @AfterEach
  void stop() throws Exception {
    ws.close();
    hub.disconnectForcibly(0, 1_000, false);
    hub.close(true);
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
    dynamo.close();
  }

  /** One QoS 1 transition for each machine; returns the delivery tokens. */
  private List<IMqttDeliveryToken> publishRound(String status) throws Exception {
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    for (Machine machine : machines) {
      long next = seq.merge(machine.machineId(), 1L, Long::sum);
      MqttMessage message = new MqttMessage(Devices.status(status, Devices.now(), next));
      message.setQos(1);
      tokens.add(hub.publish(Devices.topic(GYM, machine.machineId()), message));
    }
    return tokens;
  }

  private JsonObject storeHealth() {
    return Http.get(gateway.httpPort(), "/ready").<JsonObject>json().getJsonObject("store");
  }

  /** Verifies that an outage delays acknowledgements but loses nothing, and everything catches up by itself. */
  @Test
  void outageDelaysAcknowledgementsAndLosesNothing() throws Exception {
    // GIVEN a round of transitions acknowledged while DynamoDB is up
    for (IMqttDeliveryToken token : publishRound("occupied")) {
      token.waitForCompletion(10_000);
    }

    // WHEN DynamoDB goes away and devices publish another round
    dynamo.dynalite().stop();
    List<IMqttDeliveryToken> duringOutage = publishRound("free");

    // THEN members still see every change live
    for (int i = 0; i < machines.size(); i++) {
      ws.next(m -> "machine".equals(m.getString("type")) && "free".equals(m.getString("status")), 10);
    }
    // AND readiness reports the store degraded while nothing of the new round is acknowledged
    waitUntil(() -> "degraded".equals(storeHealth().getString("status")));
    Thread.sleep(1_000);
    assertEquals(0, duringOutage.stream().filter(IMqttDeliveryToken::isComplete).count(),
        "acknowledged while the store was down");

    // WHEN DynamoDB comes back
    dynamo.dynalite().restart();

    // THEN every message is acknowledged, the store is up again, and each transition is stored exactly once
    for (IMqttDeliveryToken token : duringOutage) {
      token.waitForCompletion(30_000);
    }
    waitUntil(() -> "up".equals(storeHealth().getString("status")));
    List<Map<String, AttributeValue>> events = dynamo.client()
        .scan(b -> b.tableName(tables.name(DynamoTables.EVENTS))).get(10, TimeUnit.SECONDS).items();
    assertEquals(2 * machines.size(), events.size(), "one event per transition, no duplicates, none lost");
    for (Machine machine : machines) {
      List<String> statuses = events.stream().filter(e -> e.get("machineId").s().equals(machine.machineId()))
          .sorted((a, b) -> Long.compare(Long.parseLong(a.get("timestamp").n()), Long.parseLong(b.get("timestamp").n())))
          .map(e -> e.get("status").s()).toList();
      assertEquals(List.of("occupied", "free"), statuses, machine.machineId());
    }
    List<Map<String, AttributeValue>> states = dynamo.client()
        .scan(b -> b.tableName(tables.name(DynamoTables.CURRENT_STATE))).get(10, TimeUnit.SECONDS).items();
    List<String> ids = machines.stream().map(Machine::machineId).toList();
    List<Map<String, AttributeValue>> ours = states.stream().filter(s -> ids.contains(s.get("machineId").s())).toList();
    assertEquals(machines.size(), ours.size(), "one current-state row per machine");
    assertTrue(ours.stream().allMatch(s -> "free".equals(s.get("status").s())), "current state caught up");
  }
}
