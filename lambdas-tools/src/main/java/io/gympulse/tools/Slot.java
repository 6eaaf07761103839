package io.gympulse.tools;

/**
 * A 15-minute slot of one branch category: the key of a bin in the {@code aggregates} table
 * ({@code gymId#category}, {@code binStart}).
 *
 * @param start epoch seconds, a multiple of {@link #LENGTH_SECONDS}
 */
public record Slot(String gymId, String category, long start) {

  public static final long LENGTH_SECONDS = 15 * 60;

  /** The slot containing {@code epochSeconds}. */
  public static Slot at(String gymId, String category, double epochSeconds) {
    return new Slot(gymId, category, Math.floorDiv((long) Math.floor(epochSeconds), LENGTH_SECONDS) * LENGTH_SECONDS);
  }

  /** The table's partition key. */
  public String gymCategory() {
    return gymId + "#" + category;
  }
}
