package io.gympulse.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shape of a gym day the simulator follows. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OccupancyCurveTest {

  /** Verifies that the small hours are nearly empty. */
  @Test
  void nightIsNearlyEmpty() {
    assertTrue(OccupancyCurve.at(3.0) < 0.1, "03:00 was " + OccupancyCurve.at(3.0));
  }

  /** Verifies that the evening peak is busy. */
  @Test
  void eveningPeakIsBusy() {
    assertTrue(OccupancyCurve.at(19.0) > 0.7, "19:00 was " + OccupancyCurve.at(19.0));
  }

  /** Verifies that the before-work morning is busier than mid-afternoon. */
  @Test
  void morningIsBusierThanMidAfternoon() {
    assertTrue(OccupancyCurve.at(7.5) > OccupancyCurve.at(15.0),
        "07:30 was " + OccupancyCurve.at(7.5) + ", 15:00 was " + OccupancyCurve.at(15.0));
  }

  /** Verifies that the evening peak is the busiest time of the day. */
  @Test
  void eveningPeakIsBusiestOfTheDay() {
    double peak = OccupancyCurve.at(19.0);
    for (int minute = 0; minute < 24 * 60; minute++) {
      double hour = minute / 60.0;
      assertTrue(OccupancyCurve.at(hour) <= peak, hour + "h is busier than the evening peak");
    }
  }

  /** Verifies that the curve is a share in (0, 1] everywhere and continuous across hours and midnight. */
  @Test
  void curveIsShareAndContinuousAroundTheClock() {
    for (int minute = 0; minute < 24 * 60; minute++) {
      double hour = minute / 60.0;
      double share = OccupancyCurve.at(hour);
      assertTrue(share > 0 && share <= 1, hour + "h gave " + share);
      double nextMinute = OccupancyCurve.at((minute + 1) % (24 * 60) / 60.0);
      assertTrue(Math.abs(nextMinute - share) < 0.01, "jump after " + hour + "h: " + share + " -> " + nextMinute);
    }
    assertEquals(OccupancyCurve.at(0.0), OccupancyCurve.at(23.999_999), 1e-4, "midnight joins up");
  }
}
