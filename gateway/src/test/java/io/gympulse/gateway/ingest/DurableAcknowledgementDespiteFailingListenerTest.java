package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateListener;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A state listener with a bug costs neither the device its acknowledgement nor members the change. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableAcknowledgementDespiteFailingListenerTest {

  private static final String FAILURES = "gympulse_state_listener_failures_total";

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private MqttAsyncClient sensor;
  private WsProbe ws;

  /** Throws on every change, like a listener with a bug. */
  private static final class BrokenListener implements StateListener {
    @Override
    public void onChange(StateChange change) {
      throw new IllegalStateException("listener bug");
    }
  }

  @AfterEach
  void closeClients() throws Exception {
    if (ws != null) {
      ws.close();
    }
    if (sensor != null) {
      sensor.disconnectForcibly(0, 1_000, false);
      sensor.close(true);
    }
  }

  /** Verifies that a QoS 1 transition is acknowledged and reaches subscribers although a listener throws on it. */
  @Test
  void throwingListenerStillLetsTransitionBeAcknowledgedAndSeen() throws Exception {
    // GIVEN a state listener that throws, and a member following the machine's branch category
    gw.gateway().gateway().state().addListener(new BrokenListener());
    String topic = "branches/" + GYM + "/categories/legs";
    ws = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe(topic);
    ws.next("snapshot", 5);
    sensor = new MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), Devices.MACHINE_CLIENT_ID, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    sensor.connect(options).waitForCompletion(5_000);

    // WHEN the sensor reports a transition with QoS 1
    MqttMessage message = new MqttMessage(Devices.status("occupied", Devices.now(), 1));
    message.setQos(1);
    IMqttDeliveryToken delivery = sensor.publish(Devices.topic(GYM, MACHINE), message);

    // THEN the device gets its PUBACK
    delivery.waitForCompletion(5_000);
    assertTrue(delivery.isComplete() && delivery.getException() == null, "PUBACK received");
    // AND the member sees the change, REST agrees and the event is stored
    JsonObject machine = ws.next(m -> "machine".equals(m.getString("type")) && MACHINE.equals(m.getString("machineId")), 5);
    assertEquals("occupied", machine.getString("status"));
    assertEquals("occupied", Http.get(gw.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status"));
    assertEquals(1, Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json()
        .getJsonArray("events").size());
    // AND the failure is counted at /metrics, under the listener's name
    assertEquals(1.0, failuresOf("BrokenListener"), 0.0);
  }

  private double failuresOf(String listener) {
    List<String> lines = Http.get(gw.httpPort(), "/metrics").text().lines()
        .filter(line -> line.startsWith(FAILURES + "{") && line.contains("listener=\"" + listener + "\""))
        .toList();
    assertEquals(1, lines.size(), "one " + FAILURES + " series for " + listener + ": " + lines);
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
