package io.gympulse.tools;

import java.util.Locale;

/**
 * How the member travels, with the speed the estimate assumes and a detour factor (streets are not
 * straight lines). Speeds are door-to-door averages for a dense city such as Hong Kong.
 */
public enum TravelMode {
  WALKING(4.8, 1.3), TRANSIT(18, 1.4), CAR(22, 1.4);

  private final double kmPerHour;
  private final double detour;

  TravelMode(double kmPerHour, double detour) {
    this.kmPerHour = kmPerHour;
    this.detour = detour;
  }

  /** Estimated minutes to cover a great-circle distance. */
  public double estimateMinutes(double distanceKm) {
    return distanceKm * detour / kmPerHour * 60;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
