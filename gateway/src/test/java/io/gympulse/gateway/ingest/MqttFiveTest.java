package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 devices learn why they were refused from reason codes (Paho's MQTT 5 client). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttFiveTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private MqttAsyncClient device;
  private final AtomicInteger disconnectReason = new AtomicInteger(-1);

  @AfterEach
  void closeDevice() throws Exception {
    if (device != null) {
      if (device.isConnected()) {
        device.disconnect().waitForCompletion(2_000);
      }
      device.close(true);
    }
  }

  private MqttAsyncClient connect(String clientId) throws MqttException {
    device = new MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), clientId, new MemoryPersistence());
    device.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse response) {
        disconnectReason.set(response.getReturnCode());
      }

      @Override
      public void mqttErrorOccurred(MqttException exception) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
      }

      @Override
      public void deliveryComplete(IMqttToken token) {
      }

      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
      }

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {
      }
    });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setAutomaticReconnect(false);
    device.connect(options).waitForCompletion(5_000);
    return device;
  }

  private IMqttToken publish(String machineId, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    IMqttToken token = device.publish(Devices.topic(GYM, machineId), message);
    token.waitForCompletion(5_000);
    return token;
  }

  /** Verifies that a valid MQTT 5 publish is accepted with reason code success. */
  @Test
  void validPublishIsAcknowledgedWithSuccess() throws Exception {
    connect(Devices.MACHINE_CLIENT_ID);
    IMqttToken token = publish(MACHINE, Devices.status("occupied", Devices.now(), 1));
    assertArrayEquals(new int[] {0}, token.getReasonCodes());
    assertEquals("occupied", Http.get(gw.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status"));
  }

  /** Verifies that an invalid payload is answered with PUBACK reason 0x99 (payload format invalid). */
  @Test
  void invalidPayloadGetsPayloadFormatInvalid() throws Exception {
    connect(Devices.MACHINE_CLIENT_ID);
    IMqttToken token = publish(MACHINE, "{\"status\":\"busy\",\"timestamp\":1}".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(new int[] {0x99}, token.getReasonCodes());
    assertEquals(1, gw.metric("gympulse.mqtt.rejections", "reason", "invalid_status"));
  }

  /** Verifies that an unknown client id is refused with CONNACK reason 0x85 (client identifier not valid). */
  @Test
  void unknownClientIdGetsClientIdentifierNotValid() {
    MqttException refused = assertThrows(MqttException.class, () -> connect("gym-" + GYM + "-nobody"));
    assertEquals(0x85, refused.getReasonCode());
  }

  /** Verifies that a publish to a foreign topic ends with DISCONNECT reason 0x87 (not authorized). */
  @Test
  void foreignTopicGetsDisconnectNotAuthorized() throws Exception {
    connect(Devices.MACHINE_CLIENT_ID);
    MqttMessage message = new MqttMessage(Devices.status("free", Devices.now(), 1));
    device.publish(Devices.topic(GYM, OTHER_MACHINE), message);
    waitUntil(() -> disconnectReason.get() >= 0);
    assertEquals(0x87, disconnectReason.get());
  }
}
