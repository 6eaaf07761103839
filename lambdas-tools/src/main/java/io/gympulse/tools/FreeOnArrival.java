package io.gympulse.tools;

/**
 * Will at least one machine of the category be free when the member arrives.
 *
 * @param probability 0–1; NaN when not known
 * @param confidence 0–1: grows with the past weeks seen, falls with how much they disagree; 0 when not known
 * @param samples past same-weekday bins at the arrival slot the forecast rests on
 * @param known false when the branch has too little history to say anything honest
 */
public record FreeOnArrival(double probability, double confidence, int samples, boolean known) {

  /** Too little history: the ranking falls back to free machines now. */
  public static FreeOnArrival unknown(int samples) {
    return new FreeOnArrival(Double.NaN, 0, samples, false);
  }
}
