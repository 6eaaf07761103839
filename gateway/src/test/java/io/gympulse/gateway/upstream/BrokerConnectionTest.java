package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.testing.CuttableProxy;
import io.gympulse.gateway.testing.Futures;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Mosquitto;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A connection to a real Mosquitto that stays up across broker restarts and acknowledges only when told. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrokerConnectionTest {

  private static final String FILTER = "org/+/machines/+/status";
  private static final String TOPIC = "org/hk-central-caine/machines/legpress-centralc-01/status";

  private final GuardedVertx guarded = GuardedVertx.create();
  private final List<UpstreamMessage> received = new CopyOnWriteArrayList<>();
  private Mosquitto broker;

  @AfterEach
  void close() throws Exception {
    guarded.closeAndAssertNoBlocking();
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Verifies that the connection receives what its filter matches, notices a broker that went away, reconnects
   * when it is back and subscribes again (the broker kept nothing: no persistence), then receives again.
   */
  @Test
  void reconnectsAndSubscribesAgainAfterTheBrokerRestarts() throws Exception {
    broker = Mosquitto.start(false);
    BrokerConnection connection = deploy("gw-live-0", false, true);
    waitUntil(connection::isConnected);
    publish("one");
    waitUntil(() -> payloads().equals(List.of("one")));

    broker.stop();
    waitUntil(() -> !connection.isConnected());
    broker.startAgain();
    waitUntil(connection::isConnected, Duration.ofSeconds(20));
    publish("two");

    waitUntil(() -> payloads().equals(List.of("one", "two")));
  }

  /**
   * Verifies that a message left unacknowledged is sent again after the connection drops and comes back (the broker
   * kept the session), that its first copy can no longer be acknowledged on the new connection, and that once the
   * copy is acknowledged the broker does not send it again.
   */
  @Test
  void unacknowledgedMessageComesBackAndIsAcknowledgedOnlyOnItsOwnConnection() throws Exception {
    broker = Mosquitto.start(false);
    CuttableProxy network = CuttableProxy.start(guarded.vertx(), broker.port());
    BrokerConnection connection = deploy("gw-durable-0", true, false, network.port());
    waitUntil(connection::isConnected);
    publish("kept");
    waitUntil(() -> received.size() == 1);
    UpstreamMessage first = received.get(0);

    // WHEN the connection drops before the message is acknowledged
    network.cut();
    waitUntil(() -> received.size() == 2, Duration.ofSeconds(20));

    // THEN the copy is marked as sent before, and only the copy's acknowledgement goes out
    UpstreamMessage copy = received.get(1);
    assertEquals("kept", copy.payload().toString());
    assertTrue(copy.redelivery(), "DUP flag");
    assertFalse(Futures.await(first.ack()), "the first copy's connection is gone");
    assertTrue(Futures.await(copy.ack()), "acknowledged on its own connection");

    // AND after another drop nothing comes back: the broker has the acknowledgement
    waitUntil(connection::isConnected);
    int connectedBefore = connection.timesConnected();
    network.cut();
    // counted, not watched: the reconnect can come back faster than a poll sees it gone
    waitUntil(() -> connection.timesConnected() > connectedBefore, Duration.ofSeconds(20));
    publish("after");
    waitUntil(() -> received.size() == 3);
    assertEquals(List.of("kept", "kept", "after"), payloads());
  }

  private BrokerConnection deploy(String clientId, boolean keepSession, boolean autoAck) {
    return deploy(clientId, keepSession, autoAck, broker.port());
  }

  private BrokerConnection deploy(String clientId, boolean keepSession, boolean autoAck, int port) {
    UpstreamConfig config = new UpstreamConfig("127.0.0.1", port, Optional.empty(), 1, "test");
    BrokerConnection connection = new BrokerConnection(config, clientId, keepSession, autoAck, List.of(FILTER),
        received::add);
    Futures.await(guarded.vertx().deployVerticle(connection));
    return connection;
  }

  private List<String> payloads() {
    return received.stream().map(message -> message.payload().toString()).toList();
  }

  private void publish(String payload) throws Exception {
    MqttClient device = new MqttClient(broker.url(), "sensor", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    device.connect(options);
    device.publish(TOPIC, payload.getBytes(), 1, false);
    device.disconnect();
    device.close();
  }
}
