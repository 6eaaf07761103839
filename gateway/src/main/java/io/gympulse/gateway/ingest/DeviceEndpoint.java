package io.gympulse.gateway.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected device: its identity, its publish allowance and unacknowledged count, why its reads are
 * paused, how its connection is ending, and how to tell it "no" in its own MQTT version (the one place
 * that chooses between 3.1.1 and 5). Confined to its endpoint's context, except {@link #takeOver()}.
 */
final class DeviceEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceEndpoint.class);

  /** Why the gateway holds a device's reads; reads resume when no reason is left. */
  enum ReadHold {
    /** This device used its unacknowledged budget. */
    OWN_BUDGET,
    /** Every device together is over the total unacknowledged budget. */
    TOTAL_BUDGET,
    /** This device publishes faster than its rate and waits for its next token. */
    PUBLISH_RATE
  }

  private final MqttEndpoint endpoint;
  private final DeviceIdentity identity;
  private final String address;
  private final PublishTokenBucket publishes;
  private final Vertx vertx;
  private final boolean mqtt5;
  private final Set<ReadHold> holds = EnumSet.noneOf(ReadHold.class);
  /** Whether reads are paused right now: changed only by {@link #updateReads()}. */
  private boolean readsPaused;
  /** The timer that ends the current publish-rate hold, or -1. */
  private long rateHoldTimer = -1;
  /** QoS 1/2 messages accepted and not yet acknowledged. */
  private int unacked;
  /** The device sent DISCONNECT: its Last Will must not fire. */
  private boolean disconnectedCleanly;
  /** Another connection took over this client id: the device is not gone, so its Last Will must not fire. */
  private volatile boolean takenOver;

  DeviceEndpoint(MqttEndpoint endpoint, DeviceIdentity identity, String address, PublishTokenBucket publishes,
      Vertx vertx) {
    this.endpoint = endpoint;
    this.identity = identity;
    this.address = address;
    this.publishes = publishes;
    this.vertx = vertx;
    this.mqtt5 = speaksMqtt5(endpoint);
  }

  /** Refuses a CONNECT with the code the device's MQTT version knows for {@code reason}. */
  static void refuseConnection(MqttEndpoint endpoint, RejectReason reason) {
    endpoint.reject(connectRefusal(reason, speaksMqtt5(endpoint)));
  }

  /** The CONNACK code that refuses a connection for {@code reason} in MQTT 5 or 3.1.1. */
  static MqttConnectReturnCode connectRefusal(RejectReason reason, boolean mqtt5) {
    return mqtt5 ? reason.mqtt5ConnackCode() : reason.mqtt3ConnackCode();
  }

  private static boolean speaksMqtt5(MqttEndpoint endpoint) {
    return endpoint.protocolVersion() >= 5;
  }

  DeviceIdentity identity() {
    return identity;
  }

  String clientId() {
    return identity.clientId();
  }

  /** The address counted against the per-address connection limit. */
  String address() {
    return address;
  }

  /**
   * Registers every handler of the connection in one place, so its lifecycle reads top to bottom; the
   * protocol chores (QoS 2 release, unsubscribe, DISCONNECT) are answered here.
   */
  void handle(Handler<MqttPublishMessage> publishes, Handler<MqttSubscribeMessage> subscribes,
      Handler<Throwable> errors, Runnable closed) {
    endpoint.publishHandler(publishes);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(subscribes);
    endpoint.unsubscribeHandler(unsubscribe -> endpoint.unsubscribeAcknowledge(unsubscribe.messageId()));
    endpoint.disconnectHandler(v -> disconnectedCleanly = true);
    endpoint.exceptionHandler(errors);
    endpoint.closeHandler(v -> closed.run());
  }

  /** Accepts the CONNECT; an MQTT 5 device learns its unacknowledged budget up front and stays within it. */
  void accept(int receiveMaximum) {
    endpoint.publishAutoAck(false);
    if (mqtt5) {
      MqttProperties properties = new MqttProperties();
      properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
          receiveMaximum));
      endpoint.accept(false, properties);
    } else {
      endpoint.accept(false);
    }
    LOG.debug("device connected [client: {}, mqtt5: {}, keepAlive: {}s]", clientId(), mqtt5,
        endpoint.keepAliveTimeSeconds());
  }

  /**
   * Spends one publish token. Over its rate the device's reads wait for the next token; {@code FLOODING}
   * leaves it to the caller to count and {@link #disconnect} the device.
   */
  PublishTokenBucket.Outcome spendPublishToken() {
    PublishTokenBucket.Outcome outcome = publishes.take();
    if (outcome == PublishTokenBucket.Outcome.THROTTLED) {
      // a later throttle always waits longer than an earlier one, so its timer replaces the earlier one
      if (rateHoldTimer >= 0) {
        vertx.cancelTimer(rateHoldTimer);
      }
      holdReads(ReadHold.PUBLISH_RATE);
      rateHoldTimer = vertx.setTimer(publishes.throttleMillis(), id -> {
        rateHoldTimer = -1;
        releaseReads(ReadHold.PUBLISH_RATE);
      });
    }
    return outcome;
  }

  /** Counts a message taken into the unacknowledged budget; returns how many this device now has. */
  int unackedTaken() {
    return ++unacked;
  }

  /** Counts a message leaving the unacknowledged budget; returns how many this device still has. */
  int unackedReturned() {
    return --unacked;
  }

  /** Holds the device's reads for {@code why}; true if that hold is new. */
  boolean holdReads(ReadHold why) {
    boolean added = holds.add(why);
    updateReads();
    return added;
  }

  /** Releases one reason to hold reads; reads resume once none is left. */
  void releaseReads(ReadHold why) {
    holds.remove(why);
    updateReads();
  }

  private void updateReads() {
    boolean shouldPause = !holds.isEmpty();
    if (shouldPause != readsPaused && endpoint.isConnected()) {
      readsPaused = shouldPause;
      if (shouldPause) {
        EndpointReads.pause(endpoint);
      } else {
        EndpointReads.resume(endpoint);
      }
    }
  }

  /** Another connection with the same client id took over: this one closes, the device is still there. */
  void takeOver() {
    takenOver = true;
    endpoint.close();
  }

  /**
   * The status topic whose machine is gone, if the connection ended without DISCONNECT and the device set a
   * will. A device whose reads the gateway paused may be dropped by keep-alive: it is not gone, so no will.
   */
  Optional<StatusTopic> lastWill() {
    var will = endpoint.will();
    if (disconnectedCleanly || takenOver || readsPaused || will == null || !will.isWillFlag()) {
      return Optional.empty();
    }
    // The will topic was authorised at CONNECT; its status topic names the machine that is now gone.
    return StatusTopic.parse(will.getWillTopic());
  }

  /** Ends the connection: an MQTT 5 device gets a DISCONNECT naming the reason, a 3.1.1 one a closed socket. */
  void disconnect(RejectReason reason) {
    if (!endpoint.isConnected()) {
      return;
    }
    if (mqtt5) {
      // sends DISCONNECT with the reason, then closes the connection
      endpoint.disconnect(reason.mqtt5DisconnectCode(), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }

  /** Refuses every subscription: devices only publish here. */
  void refuseSubscribe(MqttSubscribeMessage subscribe) {
    endpoint.subscribeAcknowledge(subscribe.messageId(),
        Collections.nCopies(subscribe.topicSubscriptions().size(), MqttQoS.FAILURE));
  }

  /** Acknowledges a durable message, if the device is still there (else it re-delivers on its next connection). */
  void acknowledgeAccepted(MqttPublishMessage message) {
    if (!endpoint.isConnected()) {
      return;
    }
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      endpoint.publishAcknowledge(message.messageId());
    } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      endpoint.publishReceived(message.messageId());
    }
  }

  /**
   * Acknowledges a refused message: an MQTT 5 device learns why from the reason code; a 3.1.1 device gets a
   * plain acknowledgement (3.1.1 has no negative one, and withholding it would make the device re-send the
   * same poison message forever).
   */
  void acknowledgeRejected(MqttPublishMessage message, RejectReason reason) {
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      if (mqtt5) {
        endpoint.publishAcknowledge(message.messageId(), reason.mqtt5PubAckCode(), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishAcknowledge(message.messageId());
      }
    } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      if (mqtt5) {
        endpoint.publishReceived(message.messageId(), reason.mqtt5PubRecCode(), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishReceived(message.messageId());
      }
    }
  }
}
