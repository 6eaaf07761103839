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
  /** This device used its unacknowledged budget. */
  boolean paused;
  /** Every device is over the total unacknowledged budget. */
  boolean allPaused;
  /** This device publishes faster than its rate; reads wait until this time (epoch ms). */
  long throttledUntil;
  /** Throttles in the current flood window, and when that window started. */
  int throttles;
  long throttleWindowStart;
  /** Publish tokens left and when they were last refilled. */
  double publishTokens = -1;
  long publishRefilledAt;
  /** The address counted against the per-address connection limit. */
  String address;
  /** Whether reads are paused right now: the one place pause and resume are decided. */
  private boolean readsPaused;

  /** Pauses or resumes reading so that it is paused exactly while some reason to pause holds. */
  void updateReads(long nowMillis) {
    boolean shouldPause = paused || allPaused || throttledUntil > nowMillis;
    if (shouldPause != readsPaused && endpoint.isConnected()) {
      readsPaused = shouldPause;
      if (shouldPause) {
        EndpointReads.pause(endpoint);
      } else {
        EndpointReads.resume(endpoint);
      }
    }
  }

  /** Whether the gateway, not the device, is why nothing is read (keep-alive silence is then ours). */
  boolean readsPausedByGateway() {
    return readsPaused;
  }

  DeviceSession(MqttEndpoint endpoint, DeviceIdentity identity) {
    this.endpoint = endpoint;
    this.identity = identity;
  }
}
