package io.gympulse.gateway.store;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.state.StateChange;

/**
 * One item of the event log: a status transition. Keyed by ({@code machineId}, {@code timestampMillis})
 * as in the DynamoDB {@code events} table, so writing the same transition twice is idempotent.
 *
 * @param timestampMillis when the transition happened, epoch milliseconds (device time; gateway time
 *     for a derived offline). Two transitions of one machine within the same millisecond share a key;
 *     physical machines do not change twice in a millisecond.
 * @param seq device {@code seq} of the report, or -1
 */
public record MachineEvent(
    String machineId,
    long timestampMillis,
    String gymId,
    Category category,
    MachineStatus status,
    MachineStatus previousStatus,
    long seq,
    ChangeCause cause) {

  public static MachineEvent of(StateChange change) {
    return new MachineEvent(change.current().machineId(), Math.round(change.at() * 1000),
        change.current().gymId(), change.current().category(), change.current().status(),
        change.previous().status(), change.current().seq(), change.cause());
  }
}
