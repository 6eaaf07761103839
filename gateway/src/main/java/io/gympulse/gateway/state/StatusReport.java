package io.gympulse.gateway.state;

/**
 * A validated status report from a device.
 *
 * @param machineId catalog machine
 * @param status reported status
 * @param timestamp device time, epoch seconds
 * @param seq per-device counter breaking timestamp ties; {@link #NO_SEQ} when absent
 * @param receivedAtMillis gateway time of receipt, for heartbeat staleness
 */
public record StatusReport(String machineId, MachineStatus status, double timestamp, long seq, long receivedAtMillis) {

  public static final long NO_SEQ = -1;
}
