package io.gympulse.gateway.alerts;

import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * Local times during which an alert must not fire, e.g. 22:00–07:00 (spanning midnight), evaluated in
 * the branch's time zone: a member's night is the gym's night.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public QuietHours {
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours must not start and end at the same time");
    }
  }

  /** Whether {@code localTime} falls in the quiet hours; the start is inclusive, the end exclusive. */
  public boolean contains(ZonedDateTime localTime) {
    LocalTime time = localTime.toLocalTime();
    return start.isBefore(end)
        ? !time.isBefore(start) && time.isBefore(end)
        : !time.isBefore(start) || time.isBefore(end); // spans midnight
  }
}
