package io.gympulse.gateway.ingest;

import io.vertx.mqtt.MqttEndpoint;

/** One connected device: its identity and how its connection is ending. Confined to its endpoint's context. */
final class DeviceSession {

  final MqttEndpoint endpoint;
  final DeviceIdentity identity;
  /** The device sent DISCONNECT: its Last Will must not fire. */
  boolean disconnectedCleanly;
  /** Another connection took over this client id: the device is not gone, so its Last Will must not fire. */
  volatile boolean takenOver;
  /** QoS 1/2 messages accepted and not yet acknowledged. */
  int unacked;
  /** Reads stopped because this device used its unacknowledged budget. */
  boolean paused;

  DeviceSession(MqttEndpoint endpoint, DeviceIdentity identity) {
    this.endpoint = endpoint;
    this.identity = identity;
  }
}
