package io.gympulse.gateway.store;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.fanout.ConnectionRecord;
import io.gympulse.gateway.fanout.ConnectionStore;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The whole gateway on DynamoDB (dynalite, real SDK): warm restart and the connections mirror. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DynamoGatewayTest {

  private static DynamoFixture dynamo;
  private GuardedVertx guarded;
  private DynamoTables tables;
  private TestGateway gateway;
  private MqttClient hub;
  private WsProbe ws;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynamo = DynamoFixture.start();
  }

  @AfterAll
  static void stopDynalite() {
    dynamo.close();
  }

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
    tables = dynamo.newTables();
    gateway = startGateway();
  }

  @AfterEach
  void stop() {
    if (ws != null) {
      ws.close();
    }
    Devices.closeQuietly(hub);
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  private TestGateway startGateway() {
    return TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-test"), dynamo.stores(guarded.vertx(), tables));
  }

  private String status(String machineId) {
    return Http.get(gateway.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  /** Verifies that a restarted gateway serves the last stored state at once, and history comes from events. */
  @Test
  void restartServesLastKnownStateFromCurrentStateTable() throws Exception {
    // GIVEN a machine reported occupied, acknowledged (so durable)
    hub = Devices.connect(gateway.mqttPort(), Devices.HUB_CLIENT_ID);
    double timestamp = Devices.now();
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("free", timestamp - 1, 1), 1, false);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", timestamp, 2), 1, false);
    Devices.closeQuietly(hub);
    hub = null;

    // WHEN the gateway restarts on the same tables
    gateway.stop();
    gateway = startGateway();

    // THEN it serves the stored state before any device speaks, and history reads the events table
    assertEquals("occupied", status(MACHINE));
    JsonObject machine = Http.get(gateway.httpPort(), "/machines/" + MACHINE).json();
    assertEquals(timestamp, machine.getDouble("since"), 0.001);
    var events = Http.get(gateway.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json().getJsonArray("events");
    assertEquals(2, events.size());
    assertEquals("occupied", events.getJsonObject(0).getString("status"));
    assertEquals("free", events.getJsonObject(1).getString("status"));
  }

  /** Verifies that WebSocket connections appear in, follow topics in, and leave the connections table. */
  @Test
  void connectionsTableFollowsConnectsAndDisconnects() throws Exception {
    ws = WsProbe.connect(guarded.vertx(), gateway.httpPort()).subscribe("machines/" + MACHINE);
    ws.next("snapshot", 5);

    waitUntil(() -> rows().size() == 1 && rows().get(0).containsKey("topics"));
    Map<String, AttributeValue> row = rows().get(0);
    assertEquals("gw-test", row.get("instanceId").s());
    assertEquals(List.of("machines/" + MACHINE), row.get("topics").ss());
    assertTrue(Long.parseLong(row.get("expiresAt").n()) > System.currentTimeMillis() / 1000, "TTL in the future");

    ws.close();
    ws = null;
    waitUntil(() -> rows().isEmpty());
  }

  /** Verifies that rows a crashed run of this instance left behind are removed at start-up, others kept. */
  @Test
  void staleRowsOfThisInstanceAreRemovedAtStartUp() throws Exception {
    // GIVEN rows of this instance from a previous run, and a row of another instance
    gateway.stop();
    ConnectionStore connections = dynamo.stores(guarded.vertx(), tables).connections();
    long now = System.currentTimeMillis();
    connections.put(new ConnectionRecord("stale-1", "gw-test", java.util.Optional.empty(), java.util.Set.of(), now, now / 1000 + 60))
        .await(5, TimeUnit.SECONDS);
    connections.put(new ConnectionRecord("other-1", "gw-other", java.util.Optional.empty(), java.util.Set.of(), now, now / 1000 + 60))
        .await(5, TimeUnit.SECONDS);

    // WHEN this instance starts again
    gateway = startGateway();

    // THEN only the other instance's row is left
    waitUntil(() -> rows().size() == 1);
    assertEquals("other-1", rows().get(0).get("connectionId").s());
  }

  private List<Map<String, AttributeValue>> rows() {
    try {
      return dynamo.client().scan(b -> b.tableName(tables.name(DynamoTables.CONNECTIONS))).get(5, TimeUnit.SECONDS).items();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
