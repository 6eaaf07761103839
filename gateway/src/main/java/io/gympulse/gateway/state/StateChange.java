package io.gympulse.gateway.state;

/**
 * One status transition of one machine, with the counts as they are after it.
 *
 * @param previous state before the transition
 * @param current state after the transition
 * @param categoryCounts counts of the machine's branch category after the transition
 * @param cause why it happened
 */
public record StateChange(MachineState previous, MachineState current, Counts categoryCounts, ChangeCause cause) {

  /** When the transition happened, epoch seconds: device time, or gateway time for derived offline. */
  public double at() {
    return current.since();
  }
}
