package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.state.MachineState;

/**
 * Which of two stored states of a machine is newer: by device (timestamp, seq), then by {@code since}.
 * The last part orders a gateway-derived offline (Last Will, heartbeat), which keeps the device's
 * (timestamp, seq) but starts later, after the state it replaces; so a late retry of the earlier write
 * cannot roll the stored state back.
 */
public final class StateOrder {

  private StateOrder() {
  }

  public static boolean isAtLeastAsNew(MachineState candidate, MachineState stored) {
    int byTime = Double.compare(candidate.timestamp(), stored.timestamp());
    if (byTime != 0) {
      return byTime > 0;
    }
    if (candidate.seq() != stored.seq()) {
      return candidate.seq() > stored.seq();
    }
    return candidate.since() >= stored.since();
  }
}
