package io.gympulse.gateway.testing;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho devices: an MQTT client independent of the gateway's own Vert.x stack. */
public final class Devices {

  public static final String GYM = "hk-central-caine";
  public static final String MACHINE = "legpress-centralc-01";
  public static final String OTHER_MACHINE = "legpress-centralc-02";
  public static final String MACHINE_CLIENT_ID = "gym-" + GYM + "-" + MACHINE;
  public static final String HUB_CLIENT_ID = "gym-" + GYM + "-hub";

  /** Sequence numbers for {@link #reportCategory}: increasing across every test of the run. */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private Devices() {
  }

  public static String topic(String gymId, String machineId) {
    return "org/" + gymId + "/machines/" + machineId + "/status";
  }

  /** A connected Paho client; the caller disconnects it. */
  public static MqttClient connect(int port, String clientId) throws MqttException {
    return connect(port, clientId, new MqttConnectOptions());
  }

  public static MqttClient connect(int port, String clientId, MqttConnectOptions options) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    // Pinned: Paho's default retries a refused 3.1.1 CONNECT as MQTT 3.1, hiding the refusal code.
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(5);
    client.setTimeToWait(5_000);
    client.connect(options);
    return client;
  }

  /** A status payload of the contract. */
  public static byte[] status(String status, double timestamp, long seq) {
    return new JsonObject().put("status", status).put("timestamp", timestamp).put("seq", seq).toBuffer().getBytes();
  }

  /**
   * Reports every machine of a category at a branch through the branch's hub: the first {@code free} of them free, the
   * rest occupied (QoS 1, each acknowledged before the next).
   */
  public static void reportCategory(int port, String gymId, Category category, int free) throws MqttException {
    MqttClient hub = connect(port, "gym-" + gymId + "-hub");
    try {
      int i = 0;
      for (Machine machine : TestGateway.CATALOG.machines(gymId, category)) {
        hub.publish(topic(gymId, machine.machineId()),
            status(i++ < free ? "free" : "occupied", now(), SEQUENCE.incrementAndGet()), 1, false);
      }
    } finally {
      closeQuietly(hub);
    }
  }

  public static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  /** Closes a client whatever state it is in. */
  public static void closeQuietly(MqttClient client) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(1_000);
      }
    } catch (MqttException ignored) {
      // already gone
    }
    try {
      client.close(true);
    } catch (MqttException ignored) {
      // already closed
    }
  }
}
