package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A device that vanishes shows as offline through its Last Will, and one that says goodbye does not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceLivenessTest {

  private static final long HEARTBEAT_WINDOW_MS = 600;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("HEARTBEAT_WINDOW_MS", Long.toString(HEARTBEAT_WINDOW_MS)));

  private MqttClient sensor;
  private MqttClient other;

  @AfterEach
  void closeDevices() {
    Devices.closeQuietly(sensor);
    Devices.closeQuietly(other);
  }

  private String status(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  private JsonObject latestEvent(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId + "/history").<JsonObject>json()
        .getJsonArray("events").getJsonObject(0);
  }

  private static MqttConnectOptions withLastWill() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setWill(Devices.topic(GYM, MACHINE), "{\"status\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, false);
    options.setKeepAliveInterval(60);
    return options;
  }

  /** Verifies that a device dropping its connection without DISCONNECT is marked offline by its Last Will. */
  @Test
  void lastWillMarksMachineOffline() throws Exception {
    // GIVEN a sensor with a Last Will that reported its machine free
    sensor = Devices.connect(gw.mqttPort(), Devices.MACHINE_CLIENT_ID, withLastWill());
    sensor.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);
    assertEquals("free", status(MACHINE));

    // WHEN its connection drops without a DISCONNECT packet
    sensor.disconnectForcibly(0, 100, false);

    // THEN the machine is offline because of the Last Will
    waitUntil(() -> "offline".equals(status(MACHINE)));
    assertEquals("last_will", latestEvent(MACHINE).getString("cause"));
  }

  /** Verifies that a clean DISCONNECT does not fire the Last Will. */
  @Test
  void cleanDisconnectKeepsLastStatus() throws Exception {
    // GIVEN a sensor with a Last Will that reported its machine free, and its hub connected beside it
    sensor = Devices.connect(gw.mqttPort(), Devices.MACHINE_CLIENT_ID, withLastWill());
    other = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    sensor.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);

    // WHEN the sensor disconnects cleanly and the gateway has handled the close
    sensor.disconnect(1_000);
    waitUntil(() -> gw.metric("gympulse.mqtt.connections") == 1);
    // a hub heartbeat after the close keeps the machine alive; it is acknowledged only once every earlier write
    // of the machine (a wrongly fired will included) is durable, so the history below is complete
    other.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 2), 1, false);

    // THEN no Last Will was applied, not even one the heartbeat has since overwritten
    assertEquals("free", status(MACHINE));
    JsonArray events = Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json()
        .getJsonArray("events");
    assertFalse(events.isEmpty());
    assertFalse(events.stream().map(JsonObject.class::cast).anyMatch(e -> "last_will".equals(e.getString("cause"))),
        () -> "events: " + events.encode());
  }
}
