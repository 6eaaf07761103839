package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryAlertStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;
import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.Upstream;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Alerts with several instances on one broker and one store: fired by one instance, delivered wherever the owner is. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AlertsAcrossInstancesTest {

  private final GuardedVertx guarded = GuardedVertx.create();
  private final List<TestGateway> gateways = new ArrayList<>();
  private final List<WsProbe> sockets = new ArrayList<>();
  private Mosquitto broker;

  @AfterEach
  void close() throws Exception {
    sockets.forEach(WsProbe::close);
    gateways.forEach(TestGateway::stop);
    guarded.closeAndAssertNoBlocking();
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Verifies that an alert created through instance A is known to B and C, fires once when its machine frees up
   * (whichever instance wins the claim), and reaches the owner's connections on B and C once each, and nobody else's.
   */
  @Test
  void anAlertCreatedOnOneInstanceFiresOnceAndReachesItsOwnerOnTheOthers() throws Exception {
    // GIVEN three instances on one broker and one store; alice is connected to B and C, bob to A and B
    broker = Mosquitto.start(false);
    Stores shared = new Stores(TestGateway.machineStore(), new InMemoryConnectionStore(), new InMemoryAlertStore(),
        new InMemoryAggregateStore(Clock.systemUTC()), () -> { });
    for (String instance : List.of("gw-a", "gw-b", "gw-c")) {
      gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", instance,
          "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_PLAIN", "off"), shared));
    }
    awaitUpstream();
    TestGateway a = gateways.get(0);
    TestGateway b = gateways.get(1);
    TestGateway c = gateways.get(2);
    Alerts throughA = new Alerts(a.httpPort());
    String alice = throughA.newSession();
    String bob = throughA.newSession();
    WsProbe aliceOnB = connect(b, alice);
    WsProbe aliceOnC = connect(c, alice);
    WsProbe bobOnA = connect(a, bob);
    WsProbe bobOnB = connect(b, bob);
    WsProbe anonymousOnA = connect(a, null);

    // WHEN alice asks A to tell her when the leg press is free, and it frees up
    var created = throughA.create(alice, new JsonObject().put("machineId", MACHINE));
    assertEquals(201, created.status(), created.text());
    String alertId = created.<JsonObject>json().getString("alertId");
    for (TestGateway gateway : gateways) {
      waitUntil(() -> gateway.metric("gympulse.alerts.armed") == 1, Duration.ofSeconds(10));
    }
    MqttClient device = Devices.connect(broker.port(), Devices.MACHINE_CLIENT_ID);
    double now = Devices.now();
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", now - 2, 1), 1, false);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("free", now - 1, 2), 1, false);
    device.disconnect();
    device.close();

    // THEN each of alice's connections gets the alert once, and nobody else gets one
    for (WsProbe socket : List.of(aliceOnB, aliceOnC)) {
      assertEquals(alertId, socket.next("alert", 10).getString("alertId"));
    }
    Thread.sleep(1_000); // a second firing would come through the broker, within milliseconds
    for (WsProbe socket : List.of(aliceOnB, aliceOnC, bobOnA, bobOnB, anonymousOnA)) {
      assertNoAlert(socket);
    }
    // AND every instance knows it fired: it is disarmed everywhere and listed as fired
    for (TestGateway gateway : gateways) {
      waitUntil(() -> gateway.metric("gympulse.alerts.armed") == 0, Duration.ofSeconds(5));
    }
    JsonObject listed = new Alerts(c.httpPort()).list(alice).<JsonArray>json().getJsonObject(0);
    assertEquals("fired", listed.getString("status"));
  }

  private WsProbe connect(TestGateway gateway, String token) {
    WsProbe socket = WsProbe.connect(guarded.vertx(), gateway.httpPort(), token == null ? "/ws" : "/ws?token=" + token);
    // a ping answered means the connection is registered, and its row written for the others to find
    socket.send(new JsonObject().put("action", "ping"));
    socket.next("pong", 5);
    sockets.add(socket);
    return socket;
  }

  /** No alert reached this socket: a ping sent now is answered after anything queued before it. */
  private static void assertNoAlert(WsProbe socket) {
    socket.send(new JsonObject().put("action", "ping"));
    JsonObject pong = socket.next(m -> "pong".equals(m.getString("type")) || "alert".equals(m.getString("type")), 5);
    assertEquals("pong", pong.getString("type"), "unexpected alert " + pong);
  }

  /** Waits until every instance's broker connections are up and subscribed, as its {@code /ready} says. */
  private void awaitUpstream() throws InterruptedException {
    for (TestGateway gateway : gateways) {
      Upstream.awaitUp(gateway.httpPort(), Duration.ofSeconds(20));
    }
  }
}
