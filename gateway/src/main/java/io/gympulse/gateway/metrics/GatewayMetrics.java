package io.gympulse.gateway.metrics;

import java.util.function.IntSupplier;


/** What the gateway counts and times. Behind an interface so library code never depends on a backend. */
public interface GatewayMetrics {

  /** Counts nothing: for tests and tools that do not expose metrics. */
  GatewayMetrics NOOP = new GatewayMetrics() {
  };

  /** An MQTT status message was accepted, with what applying it did (transition, refresh, ...). */
  default void messageAccepted(String outcome) {
  }

  /** An MQTT message or connection was refused, by reason code. */
  default void messageRejected(String reason) {
  }

  /** A WebSocket client frame was refused, by error code. */
  default void clientFrameRejected(String code) {
  }

  /** One frame was written to a WebSocket client, carrying {@code messages} messages. */
  default void framesOut(int messages) {
  }

  /** A WebSocket client was closed for being too slow (1013). */
  default void slowClientClosed() {
  }

  /** One store write finished. */
  default void storeWrite(long nanos, boolean succeeded) {
  }

  /** A live-state listener (named by its class) threw on a transition; the others still heard of it. */
  default void stateListenerFailed(String listener) {
  }

  /** Open WebSocket connections changed by {@code delta}. */
  default void webSocketConnections(int delta) {
  }

  /** Open MQTT connections changed by {@code delta}. */
  default void mqttConnections(int delta) {
  }

  /** Exposes what a self-forgetting store of {@code itemKind} ({@code events}, {@code bins}) holds and has removed. */
  default void watchRetention(String itemKind, RetentionCounts counts) {
  }

  /** Exposes how many alerts are armed (waiting to fire) on this instance. */
  default void watchArmedAlerts(IntSupplier armed) {
  }

  /** {@code count} pending WebSocket updates were replaced by a newer one before a slow client got them. */
  default void updatesConflated(int count) {
  }
}
