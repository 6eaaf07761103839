package io.gympulse.gateway.upstream;

import io.gympulse.gateway.alerts.AlertChanges;
import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.lifecycle.Deployment;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How gateway instances reach each other, through the broker and nothing else: each subscribes to its own deliveries
 * topic ({@code {group}/instances/{instanceId}/deliveries}), where others send alerts for members connected to it, and
 * to alert changes ({@code {group}/alerts}), so that every instance holds every alert.
 *
 * <p>A fresh session on every start: what was sent while an instance was away is of no use to it (its members'
 * connections are gone, and it re-reads every alert after each connect, which also covers changes it missed).
 */
public final class PeerChannel implements AlertChanges {

  private static final Logger LOG = LoggerFactory.getLogger(PeerChannel.class);
  private static final BoundedRateLog PROBLEMS = new BoundedRateLog(LOG, 5, 10_000);

  private final String group;
  private final String instanceId;
  private final BrokerConnection connection;
  private BiConsumer<String, String> alertChanged = (userId, alertId) -> { };
  private BiConsumer<String, byte[]> delivered = (userId, message) -> { };

  public PeerChannel(UpstreamConfig broker, String instanceId, UpstreamHealth health) {
    this.group = broker.shareGroup();
    this.instanceId = instanceId;
    this.connection = new BrokerConnection(broker, instanceId + "-peers", false, true,
        List.of(deliveriesTopic(instanceId), alertsTopic()), this::receive);
    health.watch("peers", connection);
  }

  /**
   * Says what to do with what arrives; call before starting.
   *
   * @param alertChanged another instance changed this alert (user id, alert id)
   * @param delivered an alert message for a member connected here (user id, encoded message)
   * @param reconnected the channel connected (again): changes announced meanwhile may have been missed
   */
  public void handling(BiConsumer<String, String> alertChanged, BiConsumer<String, byte[]> delivered,
      Runnable reconnected) {
    this.alertChanged = alertChanged;
    this.delivered = delivered;
    connection.onConnected(reconnected);
  }

  public Component component(Vertx vertx) {
    return new Deployment(vertx, connection);
  }

  String deliveriesTopic(String instance) {
    return group + "/instances/" + instance + "/deliveries";
  }

  String alertsTopic() {
    return group + "/alerts";
  }

  @Override
  public void changed(String userId, String alertId) {
    Buffer notice = new JsonObject().put("from", instanceId).put("userId", userId).put("alertId", alertId).toBuffer();
    connection.publish(alertsTopic(), notice).onFailure(e -> PROBLEMS.warn(
        "alert change not announced to other instances, they catch up when they reconnect [alert: {}, reason: {}]",
        alertId, e.toString()));
  }

  /** Sends an alert message to the members of {@code userId} connected to {@code instance}. */
  public Future<Void> deliver(String instance, String userId, byte[] message) {
    Buffer envelope = new JsonObject().put("userId", userId).put("message", new JsonObject(Buffer.buffer(message)))
        .toBuffer();
    return connection.publish(deliveriesTopic(instance), envelope);
  }

  private void receive(UpstreamMessage message) {
    JsonObject body;
    try {
      body = new JsonObject(message.payload());
    } catch (DecodeException | ClassCastException e) {
      PROBLEMS.warn("ignored a message between instances that is not JSON [topic: {}]", message.topic());
      return;
    }
    String userId = body.getString("userId");
    if (userId == null) {
      PROBLEMS.warn("ignored a message between instances without userId [topic: {}]", message.topic());
    } else if (message.topic().equals(alertsTopic())) {
      if (!instanceId.equals(body.getString("from")) && body.getString("alertId") != null) {
        alertChanged.accept(userId, body.getString("alertId"));
      }
    } else if (body.getValue("message") instanceof JsonObject alert) {
      delivered.accept(userId, alert.toBuffer().getBytes());
    }
  }
}
