package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.MachineStatus;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The forecast model, pure so it can be backtested: a seasonal expectation (the same weekday and
 * 15-minute slot over recent weeks) shifted by today's trend (how far the category is from its seasonal
 * level now, fading with the horizon), blended with what is true now (fading at the pace sessions end).
 */
public final class Forecaster {

  /** Fewer same-slot weeks than this and the forecast is not shown. */
  static final int MIN_SAMPLES = 2;
  /** How fast today's deviation from the seasonal level stops predicting, minutes. */
  static final double TREND_MINUTES = 60;

  private Forecaster() {
  }

  /**
   * P(machine free at now + horizon).
   *
   * @param targetSlot the category's bins at the target slot in past weeks
   * @param nowSlot the category's bins at the current slot in past weeks (the seasonal level now)
   * @param categoryNow the category's counts now
   * @param statusNow the machine's status now
   */
  public static Forecast machine(List<OccupancyBin> targetSlot, List<OccupancyBin> nowSlot, Counts categoryNow,
      MachineStatus statusNow, Category category, double horizonMinutes) {
    Seasonal target = Seasonal.of(targetSlot.stream().map(OccupancyBin::occupancy).toList());
    if (target.samples < MIN_SAMPLES || statusNow == MachineStatus.OFFLINE) {
      return new Forecast(Double.NaN, 0, target.samples, false);
    }
    double occupancy = clamp(target.mean + trend(nowSlot, categoryNow) * Math.exp(-horizonMinutes / TREND_MINUTES));
    double seasonalFree = 1 - occupancy;
    double now = statusNow == MachineStatus.FREE ? 1 : 0;
    double probability = seasonalFree + (now - seasonalFree) * Math.exp(-horizonMinutes / sessionMinutes(category));
    return new Forecast(probability, target.confidence(), target.samples, true);
  }

  /** P(at least one machine of the category free at now + horizon). */
  public static Forecast category(List<OccupancyBin> targetSlot, Counts categoryNow, Category category,
      double horizonMinutes) {
    Seasonal target = Seasonal.of(targetSlot.stream()
        .map(bin -> bin.availableSeconds() > 0 ? OptionalDouble.of(bin.anyFreeShare()) : OptionalDouble.empty()).toList());
    if (target.samples < MIN_SAMPLES || categoryNow.free() + categoryNow.occupied() == 0) {
      return new Forecast(Double.NaN, 0, target.samples, false);
    }
    double now = categoryNow.free() > 0 ? 1 : 0;
    double probability = target.mean + (now - target.mean) * Math.exp(-horizonMinutes / sessionMinutes(category));
    return new Forecast(clamp(probability), target.confidence(), target.samples, true);
  }

  /** Current occupancy minus the seasonal occupancy of the current slot; 0 without enough history. */
  private static double trend(List<OccupancyBin> nowSlot, Counts categoryNow) {
    Seasonal usual = Seasonal.of(nowSlot.stream().map(OccupancyBin::occupancy).toList());
    int available = categoryNow.free() + categoryNow.occupied();
    if (usual.samples < MIN_SAMPLES || available == 0) {
      return 0;
    }
    return (double) categoryNow.occupied() / available - usual.mean;
  }

  /** Mean session length: how long "occupied now" keeps predicting "occupied later". */
  static double sessionMinutes(Category category) {
    return category == Category.CARDIO ? 27.5 : 11.5;
  }

  private static double clamp(double p) {
    return Math.max(0, Math.min(1, p));
  }

  /** Mean and spread of past values; missing ones (no machine available) do not count. */
  private record Seasonal(double mean, double spread, int samples) {

    static Seasonal of(List<OptionalDouble> values) {
      double[] present = values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).toArray();
      if (present.length == 0) {
        return new Seasonal(0, 0, 0);
      }
      double mean = java.util.Arrays.stream(present).average().orElse(0);
      double variance = java.util.Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum() / present.length;
      return new Seasonal(mean, Math.sqrt(variance), present.length);
    }

    /** n/(n+3) for the amount of evidence, times 1 − 2·spread for its agreement. */
    double confidence() {
      return samples / (samples + 3.0) * Math.max(0, 1 - 2 * spread);
    }
  }
}
