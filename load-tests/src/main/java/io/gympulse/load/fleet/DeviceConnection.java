package io.gympulse.load.fleet;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One device's MQTT connection (a sensor or a hub) with a bounded window of unacknowledged publishes. Used only on
 * the driver's event loop.
 */
final class DeviceConnection {

  private static final int ACK_TIMEOUT_SECONDS = 10;
  private static final int KEEP_ALIVE_SECONDS = 30;

  private final String clientId;
  private final MqttClient client;
  private final MqttQoS qos;
  private final int window;
  private final Map<Integer, Promise<Void>> awaitingAck = new HashMap<>();
  /** Acknowledgements that overtook their publish's write completion; rare, but then the window must not leak. */
  private final Set<Integer> ackedEarly = new HashSet<>();
  private int outstanding;
  private boolean connected;

  DeviceConnection(Vertx vertx, String clientId, int qos, int window) {
    this.clientId = clientId;
    this.qos = MqttQoS.valueOf(qos);
    this.window = window;
    this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setCleanSession(true)
        .setKeepAliveInterval(KEEP_ALIVE_SECONDS).setAckTimeout(ACK_TIMEOUT_SECONDS).setMaxInflightQueue(window));
    client.publishCompletionHandler(this::acknowledged);
    client.publishCompletionExpirationHandler(id -> settle(id, new IllegalStateException(
        "no acknowledgement within " + ACK_TIMEOUT_SECONDS + " s [client: " + clientId + ", packet: " + id + "]")));
    client.closeHandler(ignored -> closed());
  }

  String clientId() {
    return clientId;
  }

  /** Completes once the CONNACK accepted the connection; fails with its return code otherwise. */
  Future<Void> connect(String host, int port) {
    return client.connect(port, host).compose(ack -> {
      if (ack.code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
        return Future.failedFuture("connection refused [client: " + clientId + ", code: " + ack.code() + "]");
      }
      connected = true;
      return Future.succeededFuture();
    });
  }

  boolean isConnected() {
    return connected;
  }

  /** Whether a publish may go now: connected and fewer than the window unacknowledged. */
  boolean hasRoom() {
    return connected && outstanding < window;
  }

  /** Completes when acknowledged (QoS 1: PUBACK, QoS 2: PUBCOMP), or once written with QoS 0. */
  Future<Void> publish(String topic, Buffer payload) {
    Future<Integer> written = client.publish(topic, payload, qos, false, false);
    if (qos == MqttQoS.AT_MOST_ONCE) {
      return written.mapEmpty();
    }
    outstanding++;
    Promise<Void> acked = Promise.promise();
    written.onComplete(id -> {
      if (id.failed()) {
        outstanding--;
        acked.fail(id.cause());
      } else if (ackedEarly.remove(id.result())) {
        outstanding--;
        acked.complete();
      } else {
        awaitingAck.put(id.result(), acked);
      }
    });
    return acked.future();
  }

  /** Sends DISCONNECT, so the gateway fires no Last Will; completes also if the connection is already gone. */
  Future<Void> disconnect() {
    if (!connected) {
      return Future.succeededFuture();
    }
    connected = false;
    return client.disconnect().otherwiseEmpty();
  }

  private void acknowledged(int packetId) {
    if (awaitingAck.containsKey(packetId)) {
      settle(packetId, null);
    } else {
      ackedEarly.add(packetId);
    }
  }

  private void settle(int packetId, Throwable failure) {
    Promise<Void> acked = awaitingAck.remove(packetId);
    if (acked == null) {
      return;
    }
    outstanding--;
    if (failure == null) {
      acked.complete();
    } else {
      acked.fail(failure);
    }
  }

  private void closed() {
    connected = false;
    List<Integer> pending = new ArrayList<>(awaitingAck.keySet());
    for (Integer packetId : pending) {
      settle(packetId, new IllegalStateException("connection closed before the acknowledgement [client: " + clientId
          + ", packet: " + packetId + "]"));
    }
  }
}
