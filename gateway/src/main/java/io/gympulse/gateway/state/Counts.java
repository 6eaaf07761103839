package io.gympulse.gateway.state;

/** Free / occupied / offline machine counts of a branch or a branch category. Immutable. */
public record Counts(int free, int occupied, int offline) {

  public static final Counts ZERO = new Counts(0, 0, 0);

  public int total() {
    return free + occupied + offline;
  }

  /** The change in counts when one machine moves from {@code from} to {@code to} (either may be null). */
  public static Counts delta(MachineStatus from, MachineStatus to) {
    int[] c = new int[3];
    if (from != null) {
      c[from.ordinal()]--;
    }
    if (to != null) {
      c[to.ordinal()]++;
    }
    return new Counts(c[0], c[1], c[2]);
  }

  public Counts plus(Counts other) {
    return new Counts(free + other.free, occupied + other.occupied, offline + other.offline);
  }
}
