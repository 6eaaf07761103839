package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.ForwardingMachineStore;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A report the journal refuses is left unacknowledged and its device disconnected, so the device sends it again. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotDurableReportTest {

  private final RefusingStore store = new RefusingStore();
  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of()).store(() -> store);

  private MqttAsyncClient sensor;

  /** An in-memory store whose writes throw at once while it refuses, as one with a bug in building a request. */
  private static final class RefusingStore extends ForwardingMachineStore {
    private volatile boolean refusing;

    RefusingStore() {
      super(TestGateway.machineStore());
    }

    @Override
    public Future<Void> recordTransition(MachineEvent event, MachineState state) {
      if (refusing) {
        throw new IllegalStateException("store bug");
      }
      return super.recordTransition(event, state);
    }
  }

  @AfterEach
  void closeSensor() throws Exception {
    if (sensor != null) {
      sensor.disconnectForcibly(0, 1_000, false);
      sensor.close(true);
    }
  }

  private IMqttDeliveryToken publish(String status, long seq) throws Exception {
    MqttMessage message = new MqttMessage(Devices.status(status, Devices.now(), seq));
    message.setQos(1);
    return sensor.publish(Devices.topic(GYM, MACHINE), message);
  }

  private String status() {
    return Http.get(gw.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status");
  }

  /**
   * Verifies that a refused report is neither acknowledged nor applied, that its device is disconnected and the
   * refusal counted, and that the report the device's client re-sends after reconnecting is stored and acknowledged.
   */
  @Test
  void refusedReportDisconnectsTheDeviceWhichResendsIt() throws Exception {
    // GIVEN a sensor keeping its session and its unacknowledged messages, and a store that throws on every write
    sensor = new MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), Devices.MACHINE_CLIENT_ID, new MemoryPersistence());
    CountDownLatch lost = new CountDownLatch(1);
    CountDownLatch acknowledged = new CountDownLatch(1);
    sensor.setCallback(new MqttCallbackExtended() {
      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
      }

      @Override
      public void connectionLost(Throwable cause) {
        lost.countDown();
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
        acknowledged.countDown();
      }
    });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    sensor.connect(options).waitForCompletion(5_000);
    store.refusing = true;

    // WHEN the sensor reports a transition
    publish("occupied", 1);

    // THEN the gateway disconnects it without acknowledging, shows nothing and counts the refusal
    assertTrue(lost.await(5, TimeUnit.SECONDS), "device disconnected");
    assertEquals(1, acknowledged.getCount(), "acknowledged although the journal refused the change");
    assertEquals("offline", status());
    assertTrue(Http.get(gw.httpPort(), "/metrics").text()
        .contains("gympulse_mqtt_rejections_total{reason=\"not_durable\"} 1.0"), "refusal counted");

    // WHEN the store accepts again and the sensor reconnects by itself
    store.refusing = false;

    // THEN its client re-sends the report (Paho keeps an unacknowledged QoS 1 message of a kept session), which
    // is applied and acknowledged
    assertTrue(acknowledged.await(15, TimeUnit.SECONDS), "PUBACK of the re-sent report");
    assertEquals("occupied", status());
  }
}
