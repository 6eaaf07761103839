package io.gympulse.gateway.state;

import io.gympulse.gateway.catalog.Category;

/**
 * The live state of one machine. Immutable: every update replaces the record, so readers on other
 * threads always see a consistent value.
 *
 * @param status status shown to members (a silent or disconnected device shows {@code offline})
 * @param since epoch seconds when {@code status} began
 * @param timestamp device time of the newest accepted report, epoch seconds; 0 if none yet
 * @param seq {@code seq} of that report, {@link StatusReport#NO_SEQ} if absent
 * @param lastSeenMillis gateway time the device was last heard from; 0 if never
 */
public record MachineState(
    String machineId,
    String gymId,
    Category category,
    MachineStatus status,
    double since,
    double timestamp,
    long seq,
    long lastSeenMillis) {

  public boolean hasReported() {
    return timestamp > 0;
  }

  /** Whether {@code report} is newer than the newest report this state reflects: (timestamp, seq) order. */
  public boolean isOlderThan(StatusReport report) {
    return isOlderThan(report.timestamp(), report.seq());
  }

  /** Whether a report stamped ({@code otherTimestamp}, {@code otherSeq}) is newer than the newest one this reflects. */
  boolean isOlderThan(double otherTimestamp, long otherSeq) {
    int byTime = Double.compare(otherTimestamp, timestamp);
    return byTime > 0 || (byTime == 0 && otherSeq > seq);
  }

  /** Whether the newest report this reflects is the one stamped ({@code otherTimestamp}, {@code otherSeq}). */
  boolean reflects(double otherTimestamp, long otherSeq) {
    return Double.compare(otherTimestamp, timestamp) == 0 && otherSeq == seq;
  }

  MachineState withReport(StatusReport report) {
    double newSince = report.status() == status ? since : report.timestamp();
    return new MachineState(machineId, gymId, category, report.status(), newSince, report.timestamp(),
        report.seq(), report.receivedAtMillis());
  }

  MachineState offlineSince(double epochSeconds) {
    return new MachineState(machineId, gymId, category, MachineStatus.OFFLINE, epochSeconds, timestamp, seq,
        lastSeenMillis);
  }
}
