package io.gympulse.gateway.ingest;

/**
 * Who a connected device is, from its client id, mirroring the {@code GymPulseDevicePolicy} of the AWS
 * design: a machine sensor {@code gym-{gymId}-{machineId}} may publish only its own status; a branch hub
 * {@code gym-{gymId}-hub} may publish for any machine of its branch.
 *
 * @param machineId the sensor's machine, or {@code null} for a branch hub
 */
public record DeviceIdentity(String clientId, String gymId, String machineId) {

  public boolean isHub() {
    return machineId == null;
  }

  /** Whether this device may publish to {@code topic}; a hub's topic must still name a catalog machine. */
  public boolean mayPublishTo(StatusTopic topic) {
    return gymId.equals(topic.gymId()) && (isHub() || machineId.equals(topic.machineId()));
  }
}
