package io.gympulse.tools;

import java.util.Optional;

/**
 * One past week's 15-minute bin of a branch category, as the arrival forecast reads it (a bin during which no
 * machine was available is left out by whoever reads the bins).
 *
 * @param occupancy occupied share of the available machine time, 0–1
 * @param anyFreeShare share of the bin during which at least one machine was free, 0–1
 */
public record PastSlot(double occupancy, double anyFreeShare) {

  /** From a stored bin's machine-seconds; empty when no machine was available all bin long. */
  public static Optional<PastSlot> of(double occupiedSeconds, double availableSeconds, double anyFreeSeconds) {
    if (!(availableSeconds > 0)) {
      return Optional.empty();
    }
    return Optional.of(new PastSlot(occupiedSeconds / availableSeconds,
        Math.min(1, anyFreeSeconds / Slot.LENGTH_SECONDS)));
  }
}
