package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.RawMqtt;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-address and per-device limits: connections, connect rate, keep-alive bounds, publish floods. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttLimitsTest {

  private GuardedVertx guarded;
  private TestGateway gateway;
  private final List<MqttClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
  }

  @AfterEach
  void stop() {
    clients.forEach(Devices::closeQuietly);
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  private void startGateway(Map<String, String> limits) {
    gateway = TestGateway.start(guarded.vertx(), limits, TestGateway.machineStore());
  }

  private MqttClient device(String clientId) throws MqttException {
    MqttClient client = Devices.connect(gateway.mqttPort(), clientId);
    clients.add(client);
    return client;
  }

  private double rejections(String reason) {
    return gateway.metric("gympulse.mqtt.rejections", "reason", reason);
  }

  /** Verifies that one address cannot open more than its share of connections; a closed one frees a place. */
  @Test
  void connectionsPerAddressAreBounded() throws Exception {
    startGateway(Map.of("MQTT_MAX_CONNECTIONS_PER_ADDRESS", "2"));
    MqttClient first = device("gym-" + GYM + "-" + MACHINE);
    device("gym-" + GYM + "-" + OTHER_MACHINE);
    MqttException refused = assertThrows(MqttException.class, () -> device(Devices.HUB_CLIENT_ID));
    assertEquals(MqttException.REASON_CODE_BROKER_UNAVAILABLE, refused.getReasonCode());
    assertEquals(1, rejections("too_many_connections"));

    first.disconnect();
    waitUntil(() -> {
      try {
        device(Devices.HUB_CLIENT_ID);
        return true;
      } catch (MqttException stillFull) {
        return false;
      }
    });
  }

  /** Verifies that connect attempts from one address are rate-limited. */
  @Test
  void connectRateIsLimited() throws Exception {
    startGateway(Map.of("MQTT_CONNECTS_PER_ADDRESS_PER_MINUTE", "3"));
    for (int i = 0; i < 3; i++) {
      Devices.closeQuietly(device(Devices.HUB_CLIENT_ID));
    }
    MqttException refused = assertThrows(MqttException.class, () -> device(Devices.HUB_CLIENT_ID));
    assertEquals(MqttException.REASON_CODE_BROKER_UNAVAILABLE, refused.getReasonCode());
    assertEquals(1, rejections("connect_rate_exceeded"));
  }

  /** Verifies that a keep-alive of 0 ("never") or beyond the maximum is refused. */
  @Test
  void keepAliveOutOfBoundsIsRefused() throws Exception {
    startGateway(Map.of());
    for (int keepAlive : new int[] {0, 4000}) {
      try (RawMqtt raw = RawMqtt.open(gateway.mqttPort())) {
        int code = raw.connectWithWill(Devices.HUB_CLIENT_ID, keepAlive, Devices.topic(GYM, MACHINE), "{\"status\":\"offline\"}");
        assertEquals(3, code, "keep-alive " + keepAlive + ": CONNACK server unavailable");
      }
    }
    assertEquals(2, rejections("keep_alive_out_of_bounds"));
  }

  /** Verifies that a flooding sensor is throttled and then disconnected, while another device is served. */
  @Test
  void floodingDeviceIsThrottledThenDisconnected() throws Exception {
    startGateway(Map.of("MQTT_MAX_PUBLISHES_PER_SECOND", "20", "MQTT_FLOOD_THROTTLES", "5"));
    MqttClient bystander = device("gym-" + GYM + "-" + OTHER_MACHINE);
    MqttAsyncClient flooder = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), "gym-" + GYM + "-" + MACHINE,
        new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(100_000);
    flooder.connect(options).waitForCompletion(5_000);
    try {
      for (int i = 0; i < 2_000 && flooder.isConnected(); i++) {
        MqttMessage message = new MqttMessage(Devices.status(i % 2 == 0 ? "occupied" : "free", Devices.now(), i + 1));
        message.setQos(0);
        flooder.publish(Devices.topic(GYM, MACHINE), message);
      }
    } catch (MqttException disconnected) {
      // the gateway closed the connection mid-flood: expected
    }
    waitUntil(() -> !flooder.isConnected());
    assertEquals(1, rejections("publish_rate_exceeded"));
    bystander.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status("free", Devices.now(), 1), 1, false);
    assertEquals("free", Http.get(gateway.httpPort(), "/machines/" + OTHER_MACHINE).<JsonObject>json().getString("status"));
    assertTrue(bystander.isConnected(), "the bystander was not affected");
    flooder.close(true);
  }
}
