package io.gympulse.gateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A message from the upstream broker. A QoS 1 message is acknowledged to the broker only through {@link #ack()},
 * and only on the connection it arrived on: after a reconnect the broker sends it again (a kept session) and
 * packet ids start over, so acknowledging the old one on the new connection could confirm another message.
 *
 * @param topic the topic it was published to
 * @param payload its bytes
 * @param qos its delivery QoS (0 or 1)
 * @param redelivery whether the broker marks it as sent before (DUP)
 */
public record UpstreamMessage(String topic, Buffer payload, int qos, boolean redelivery, Acknowledgement acknowledgement) {

  /**
   * Acknowledges to the broker, from any thread, if the connection it came on is still up; otherwise the broker
   * sends it again. Completes with whether the PUBACK went out.
   */
  public Future<Boolean> ack() {
    return acknowledgement.ack();
  }

  /** Sends a PUBACK for one message, if that message's connection is still the current one. */
  @FunctionalInterface
  public interface Acknowledgement {

    Future<Boolean> ack();
  }
}
