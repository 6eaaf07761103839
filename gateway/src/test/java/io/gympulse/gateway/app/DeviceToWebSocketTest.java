package io.gympulse.gateway.app;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The main path end to end: a device publishes over MQTT, a WebSocket client sees it, REST agrees. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceToWebSocketTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private MqttClient device;
  private WsProbe ws;

  @AfterEach
  void closeClients() {
    if (ws != null) {
      ws.close();
    }
    Devices.closeQuietly(device);
  }

  /** Verifies that a subscriber gets a snapshot, then the machine and summary updates a device causes, and REST agrees. */
  @Test
  void devicePublishReachesWebSocketSubscriberAndRestAgrees() throws Exception {
    // GIVEN a WebSocket client following the legs of one branch
    String topic = "branches/" + GYM + "/categories/legs";
    ws = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe(topic);
    assertEquals(new JsonArray().add(topic), ws.next("subscribed", 5).getJsonArray("topics"));
    JsonObject snapshot = ws.next("snapshot", 5);
    assertEquals(topic, snapshot.getString("topic"));
    JsonObject before = snapshot.getJsonObject("data");
    assertEquals(Http.get(gw.httpPort(), "/branches/" + GYM + "/categories/legs").<JsonObject>json(), before,
        "the snapshot holds what the matching REST GET returns");
    int offlineBefore = before.getInteger("offline");

    // WHEN the machine's own sensor reports it occupied over MQTT
    device = Devices.connect(gw.mqttPort(), Devices.MACHINE_CLIENT_ID);
    double timestamp = Devices.now();
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", timestamp, 1), 1, false);

    // THEN the subscriber gets the machine transition and the new counts
    JsonObject machine = ws.next(m -> "machine".equals(m.getString("type")) && MACHINE.equals(m.getString("machineId")), 5);
    assertEquals("occupied", machine.getString("status"));
    assertEquals(GYM, machine.getString("gymId"));
    assertEquals("legs", machine.getString("category"));
    assertEquals(timestamp, machine.getDouble("timestamp"), 0.001);
    assertEquals(timestamp, machine.getDouble("since"), 0.001);
    JsonObject summary = ws.next("summary", 5);
    assertEquals(GYM, summary.getString("gymId"));
    assertEquals("legs", summary.getString("category"));
    assertEquals(1, summary.getInteger("occupied"));
    assertEquals(offlineBefore - 1, summary.getInteger("offline"));
    assertEquals(before.getInteger("total"), summary.getInteger("total"));

    // AND REST says the same
    JsonObject rest = Http.get(gw.httpPort(), "/machines/" + MACHINE).json();
    assertEquals("occupied", rest.getString("status"));
    assertEquals(machine.getDouble("since"), rest.getDouble("since"));
    JsonObject counts = Http.get(gw.httpPort(), "/branches/" + GYM).<JsonObject>json()
        .getJsonObject("categories").getJsonObject("legs");
    assertEquals(summary.getInteger("occupied"), counts.getInteger("occupied"));
    assertEquals(summary.getInteger("offline"), counts.getInteger("offline"));

    // AND the event log holds the transition
    JsonArray events = Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json()
        .getJsonArray("events");
    assertEquals(1, events.size());
    assertEquals("occupied", events.getJsonObject(0).getString("status"));
    assertEquals("offline", events.getJsonObject(0).getString("previousStatus"));
    assertTrue(gw.metric("gympulse.ws.messages.out") >= 4, "subscribed, snapshot, machine, summary were counted");
  }
}
