package io.gympulse.gateway.aggregates;

/**
 * Will it be free at the target time.
 *
 * @param probabilityFree probability of free (a machine) or of at least one free (a category); NaN when not shown
 * @param confidence 0–1: grows with the number of past weeks seen, falls with how much they disagree
 * @param samples past same-weekday, same-time bins the seasonal part rests on
 * @param show false when there is too little data to say anything honest
 */
public record Forecast(double probabilityFree, double confidence, int samples, boolean show) {

  /** Thresholds of the four classes members see. */
  public String classification() {
    if (!show) {
      return "unknown";
    }
    if (probabilityFree >= 0.7) {
      return "likely_free";
    }
    if (probabilityFree >= 0.4) {
      return "possibly_free";
    }
    return probabilityFree >= 0.15 ? "unlikely_free" : "busy";
  }
}
