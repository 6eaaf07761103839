package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.tools.Slot;

/**
 * Fifteen minutes of one branch category. Machine-seconds are integrated over the bin, so every figure is
 * time-weighted: a machine occupied for 5 of the 15 minutes counts as a third of an occupied machine.
 *
 * @param binStart epoch seconds, a multiple of {@link #LENGTH_SECONDS}
 * @param occupiedSeconds occupied machine-seconds
 * @param availableSeconds free + occupied machine-seconds (offline time is excluded: an offline machine
 *     is neither usable nor busy)
 * @param freeSeconds free machine-seconds (avg free count = freeSeconds / bin length)
 * @param anyFreeSeconds seconds during which at least one machine was free
 * @param minFree fewest machines free at any moment of the bin
 * @param maxFree most machines free at any moment of the bin
 * @param samples states observed in the bin: the one it opened with plus each transition
 */
public record OccupancyBin(
    String gymId,
    Category category,
    long binStart,
    double occupiedSeconds,
    double availableSeconds,
    double freeSeconds,
    double anyFreeSeconds,
    int minFree,
    int maxFree,
    int samples) {

  public static final long LENGTH_SECONDS = Slot.LENGTH_SECONDS;

  /** Occupied share of the available machine time; empty when every machine was offline all along. */
  public java.util.OptionalDouble occupancy() {
    return availableSeconds > 0 ? java.util.OptionalDouble.of(occupiedSeconds / availableSeconds)
        : java.util.OptionalDouble.empty();
  }

  public double avgFree() {
    return freeSeconds / LENGTH_SECONDS;
  }

  /** Share of the bin during which at least one machine was free. */
  public double anyFreeShare() {
    return anyFreeSeconds / LENGTH_SECONDS;
  }

  public static long startOf(double epochSeconds) {
    return Math.floorDiv((long) Math.floor(epochSeconds), LENGTH_SECONDS) * LENGTH_SECONDS;
  }

  /** The store key of the design: {@code gymId#category}. */
  public String gymCategory() {
    return gymId + "#" + category.wireName();
  }
}
