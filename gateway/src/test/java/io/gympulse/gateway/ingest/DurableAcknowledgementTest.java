package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.HoldingStore;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** QoS 1 and 2 messages are acknowledged only once the store has accepted their event. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableAcknowledgementTest {

  private final HoldingStore store = new HoldingStore();
  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults().store(() -> store);

  private MqttAsyncClient sensor;

  @BeforeEach
  void connectSensor() throws Exception {
    sensor = new MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), Devices.MACHINE_CLIENT_ID, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    sensor.connect(options).waitForCompletion(5_000);
  }

  @AfterEach
  void releaseStoreAndCloseSensor() throws Exception {
    store.release();
    sensor.disconnectForcibly(0, 1_000, false);
    sensor.close(true);
  }

  private IMqttDeliveryToken publish(String status, long seq, int qos) throws Exception {
    MqttMessage message = new MqttMessage(Devices.status(status, Devices.now(), seq));
    message.setQos(qos);
    return sensor.publish(Devices.topic(GYM, MACHINE), message);
  }

  /** Verifies that the acknowledgement waits for the store while live state already shows the change. */
  @ParameterizedTest(name = "QoS {0}")
  @ValueSource(ints = {1, 2})
  void acknowledgementWaitsForDurableStore(int qos) throws Exception {
    // GIVEN a store that holds its writes
    store.hold();

    // WHEN the sensor reports a transition
    IMqttDeliveryToken transition = publish("occupied", 1, qos);

    // THEN members already see it, but the device has no acknowledgement while the write is held
    waitUntil(() -> store.heldWrites() == 1);
    assertEquals("occupied", Http.get(gw.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status"));
    Thread.sleep(300);
    assertFalse(transition.isComplete(), "acknowledged before the store accepted the event");

    // AND a later heartbeat of the same machine is not acknowledged ahead of the held write either
    IMqttDeliveryToken heartbeat = publish("occupied", 2, qos);
    Thread.sleep(300);
    assertFalse(heartbeat.isComplete(), "a later message overtook the held write");

    // WHEN the store accepts the write
    store.release();

    // THEN both are acknowledged
    transition.waitForCompletion(5_000);
    heartbeat.waitForCompletion(5_000);
    assertTrue(transition.isComplete() && heartbeat.isComplete());
    assertEquals(1, Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json()
        .getJsonArray("events").size());
  }
}
