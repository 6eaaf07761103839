package io.gympulse.gateway.sim;

/**
 * Share of a branch's machines in use by local time of day: quiet at night, a morning peak before
 * work, a lunch bump and the big evening peak. Linear between hourly points.
 */
final class OccupancyCurve {

  private static final double[] BY_HOUR = {
      0.03, 0.02, 0.02, 0.02, 0.03, 0.08, 0.35, 0.60, 0.55, 0.35, 0.30, 0.35,
      0.48, 0.45, 0.30, 0.30, 0.40, 0.65, 0.82, 0.85, 0.70, 0.45, 0.25, 0.10};

  private OccupancyCurve() {
  }

  /** Target utilisation at {@code hourOfDay} (0 ≤ h < 24, fractional). */
  static double at(double hourOfDay) {
    int hour = (int) Math.floor(hourOfDay) % 24;
    double into = hourOfDay - Math.floor(hourOfDay);
    return BY_HOUR[hour] + (BY_HOUR[(hour + 1) % 24] - BY_HOUR[hour]) * into;
  }
}
