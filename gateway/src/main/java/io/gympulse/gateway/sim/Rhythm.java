package io.gympulse.gateway.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The share of a branch's machines in use by local day and time: a gym's week depends on where it is. Branches
 * in a business district fill before work, at lunch and straight after work on weekdays and are quiet at
 * weekends; residential ones are busiest late in the evening and on weekend mornings; city-centre ones have
 * some of both. Without this every branch would fill and empty at the same moments, every day alike, and
 * nothing a forecast learns per branch and weekday (peak hours, "will one be free when I get there") would
 * differ between branches. Each table is by hour, linear in between, and the last hour of a day leads into
 * the first of the next, so the share never jumps at midnight.
 */
public enum Rhythm {

  CITY_CENTRE(
      new double[] {0.03, 0.02, 0.02, 0.02, 0.03, 0.08, 0.35, 0.60, 0.55, 0.35, 0.30, 0.35,
          0.48, 0.45, 0.30, 0.30, 0.40, 0.65, 0.82, 0.85, 0.70, 0.45, 0.25, 0.10},
      Tables.LEISURE_WEEKEND),
  BUSINESS_DISTRICT(
      new double[] {0.02, 0.02, 0.02, 0.02, 0.03, 0.10, 0.45, 0.75, 0.70, 0.35, 0.25, 0.40,
          0.80, 0.75, 0.30, 0.25, 0.35, 0.75, 0.90, 0.70, 0.40, 0.20, 0.08, 0.03},
      new double[] {0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.04, 0.08, 0.15, 0.20, 0.25, 0.25,
          0.25, 0.25, 0.25, 0.25, 0.20, 0.15, 0.12, 0.10, 0.08, 0.05, 0.03, 0.02}),
  RESIDENTIAL(
      new double[] {0.04, 0.02, 0.02, 0.02, 0.03, 0.06, 0.25, 0.45, 0.40, 0.40, 0.35, 0.30,
          0.30, 0.30, 0.30, 0.35, 0.40, 0.50, 0.65, 0.80, 0.90, 0.80, 0.50, 0.15},
      Tables.LEISURE_WEEKEND);

  /** Holds what two rhythms share (an enum constant cannot refer to a static field of its own enum). */
  private static final class Tables {
    static final double[] LEISURE_WEEKEND = {0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.08, 0.20, 0.40, 0.60, 0.75, 0.75,
        0.65, 0.60, 0.65, 0.70, 0.70, 0.65, 0.55, 0.45, 0.35, 0.25, 0.12, 0.06};
  }

  private final double[] weekday;
  private final double[] weekend;

  Rhythm(double[] weekday, double[] weekend) {
    this.weekday = weekday;
    this.weekend = weekend;
  }

  /**
   * The rhythm the simulator gives a branch: chosen by its id (a catalog says nothing of a district), so every
   * catalog gets a mix and the same branch always the same rhythm. {@code String.hashCode} is fixed by the JLS.
   */
  public static Rhythm of(String gymId) {
    return values()[Math.floorMod(gymId.hashCode(), values().length)];
  }

  /** Share in use at {@code hourOfDay} (0 ≤ h < 24, fractional) on {@code day}. */
  public double at(DayOfWeek day, double hourOfDay) {
    int hour = (int) Math.floor(hourOfDay) % 24;
    double into = hourOfDay - Math.floor(hourOfDay);
    double next = hour == 23 ? table(day.plus(1))[0] : table(day)[hour + 1];
    return table(day)[hour] + (next - table(day)[hour]) * into;
  }

  /** Share in use at {@code epochSeconds} in {@code zone}, the branch's local time. */
  public double at(ZoneId zone, double epochSeconds) {
    ZonedDateTime local = Instant.ofEpochMilli((long) (epochSeconds * 1000)).atZone(zone);
    return at(local.getDayOfWeek(), local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0);
  }

  private double[] table(DayOfWeek day) {
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? weekend : weekday;
  }
}
