package io.gympulse.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.CatalogLoader;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shapes of a gym week the simulator follows, by where the branch is. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RhythmTest {

  /** Verifies that every rhythm is a share in (0, 1] all week, nearly empty at 03:00, with no jump at any minute. */
  @ParameterizedTest
  @EnumSource(Rhythm.class)
  void everyRhythmIsAShareQuietAtNightAndContinuousAllWeek(Rhythm rhythm) {
    for (DayOfWeek day : DayOfWeek.values()) {
      assertTrue(rhythm.at(day, 3.0) < 0.1, rhythm + " on " + day + " at 03:00 was " + rhythm.at(day, 3.0));
      for (int minute = 0; minute < 24 * 60; minute++) {
        double share = rhythm.at(day, minute / 60.0);
        assertTrue(share > 0 && share <= 1, rhythm + " " + day + " minute " + minute + " gave " + share);
        double next = minute == 24 * 60 - 1 ? rhythm.at(day.plus(1), 0) : rhythm.at(day, (minute + 1) / 60.0);
        assertTrue(Math.abs(next - share) < 0.01, rhythm + " jumps after " + day + " minute " + minute + ": " + share + " -> " + next);
      }
    }
  }

  /** Verifies that a business district fills before work and at lunch on weekdays and is quiet at weekends. */
  @Test
  void businessDistrictIsBusyAtWorkdayPeaksAndQuietAtWeekends() {
    Rhythm business = Rhythm.BUSINESS_DISTRICT;
    assertTrue(business.at(DayOfWeek.WEDNESDAY, 12.5) > Rhythm.RESIDENTIAL.at(DayOfWeek.WEDNESDAY, 12.5) + 0.3, "lunch");
    assertTrue(business.at(DayOfWeek.WEDNESDAY, 7.5) > business.at(DayOfWeek.WEDNESDAY, 15.0), "before work");
    for (int hour = 0; hour < 24; hour++) {
      assertTrue(business.at(DayOfWeek.SATURDAY, hour) < 0.3, "Saturday " + hour + ":00");
    }
  }

  /** Verifies that residential branches peak later in the evening than business districts, and on weekend mornings. */
  @Test
  void residentialPeaksLaterInTheEveningAndOnWeekendMornings() {
    assertTrue(peakHour(Rhythm.RESIDENTIAL, DayOfWeek.THURSDAY) > peakHour(Rhythm.BUSINESS_DISTRICT, DayOfWeek.THURSDAY));
    assertTrue(Rhythm.RESIDENTIAL.at(DayOfWeek.SUNDAY, 10.5) > Rhythm.RESIDENTIAL.at(DayOfWeek.SUNDAY, 19.0));
    assertTrue(Rhythm.RESIDENTIAL.at(DayOfWeek.SUNDAY, 10.5) > Rhythm.BUSINESS_DISTRICT.at(DayOfWeek.SUNDAY, 10.5) + 0.3);
  }

  /** Verifies that a branch always gets the same rhythm and that the bundled chain has branches of every rhythm. */
  @Test
  void aBranchKeepsItsRhythmAndTheSampleChainHasEveryKind() {
    assertEquals(Rhythm.of("hk-central-caine"), Rhythm.of(new String("hk-central-caine")));
    Set<Rhythm> seen = CatalogLoader.bundledSample().branches().stream().map(Branch::id).map(Rhythm::of)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rhythm.class)));
    assertEquals(EnumSet.allOf(Rhythm.class), seen);
  }

  /** Verifies that the share is read in the branch's own time zone and week. */
  @Test
  void shareFollowsLocalDayAndTime() {
    ZoneId hongKong = ZoneId.of("Asia/Hong_Kong");
    // Friday 23:30 UTC is Saturday 07:30 in Hong Kong: a quiet weekend morning in a business district, not a workday one
    double epoch = ZonedDateTime.of(2026, 11, 27, 23, 30, 0, 0, ZoneId.of("UTC")).toEpochSecond();
    assertEquals(Rhythm.BUSINESS_DISTRICT.at(DayOfWeek.SATURDAY, 7.5), Rhythm.BUSINESS_DISTRICT.at(hongKong, epoch), 1e-9);
  }

  private static double peakHour(Rhythm rhythm, DayOfWeek day) {
    double best = 0;
    for (double hour = 0; hour < 24; hour += 0.25) {
      best = rhythm.at(day, hour) > rhythm.at(day, best) ? hour : best;
    }
    return best;
  }
}
