package io.gympulse.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Arrival-aware ranking on forecasts made by hand: a near branch filling up loses to a farther one emptying. */
class ArrivalRankingTest {

  /** 18:00 UTC on a Monday, on a slot boundary. */
  private static final Instant NOW = Instant.parse("2026-01-05T18:00:00Z");
  private static final String LEGS = "legs";

  /** Four past weeks of a slot, each with the given occupancy (any-free share to match). */
  private static List<PastSlot> weeks(double occupancy) {
    return Collections.nCopies(4, new PastSlot(occupancy, occupancy >= 0.95 ? 0.3 : 1));
  }

  /** The past bins one branch's ranking reads: {@code usualNow} up to the next slot, {@code usualThen} from it on. */
  private static void history(Map<Slot, List<PastSlot>> into, Route route, double usualNow, double usualThen) {
    for (Slot slot : Ranking.slotsToRead(List.of(route), LEGS, NOW)) {
      into.put(slot, weeks(slot.start() < NOW.getEpochSecond() + Slot.LENGTH_SECONDS ? usualNow : usualThen));
    }
  }

  /**
   * Verifies that a near branch with a machine free now but the evening rush arriving loses to a farther branch
   * that is full now but whose class is ending, and that without forecasts the near one would have won.
   */
  @Test
  void nearBranchFillingUpLosesToFartherOneEmptying() {
    // GIVEN Near: 1 of 8 free now, 30 min away, usually 60 % busy now and 98 % busy by then
    // AND Far: 0 of 8 free now, 45 min away, usually 90 % busy now and 20 % busy by then
    Route near = new Route("near", 1.8, 30, true);
    Route far = new Route("far", 2.7, 45, true);
    List<BranchAvailability> candidates = List.of(new BranchAvailability("near", "Near", 1, 8, 1.8),
        new BranchAvailability("far", "Far", 0, 8, 2.7));
    AvailabilitySource live = (gymId, category) -> gymId.equals("near") ? new Availability(1, 7, 8) : new Availability(0, 8, 8);
    Map<Slot, List<PastSlot>> past = new HashMap<>();
    history(past, near, 0.6, 0.98);
    history(past, far, 0.9, 0.2);

    // WHEN ranked by the chance of a free machine on arrival
    Ranking.Ranked ranked = Ranking.rank(candidates, List.of(near, far), NOW, LEGS, live, past);

    // THEN the farther branch leads, with a chance well above the near one's
    assertTrue(ranked.byArrival());
    assertEquals(List.of("far", "near"), ranked.picks().stream().map(Recommendation::gymId).toList(), ranked.toString());
    Recommendation first = ranked.picks().get(0);
    Recommendation second = ranked.picks().get(1);
    assertTrue(first.onArrival().probability() > 0.9, first.toString());
    assertTrue(second.onArrival().probability() < 0.3, second.toString());
    assertEquals(NOW.plusSeconds(45 * 60), first.arrivalAt());
    // AND ranked by free machines now, the near one would have led
    Ranking.Ranked today = Ranking.rank(candidates, List.of(near, far), NOW, gymId -> FreeOnArrival.unknown(0));
    assertEquals("near", today.picks().get(0).gymId());
  }

  /** Verifies that equal chances (to the thousandth) go to the sooner arrival, then to more free now. */
  @Test
  void tiesGoToSoonerArrivalThenMoreFree() {
    List<BranchAvailability> candidates = List.of(new BranchAvailability("a", "A", 2, 10, 2),
        new BranchAvailability("b", "B", 9, 10, 3), new BranchAvailability("c", "C", 5, 10, 2));
    List<Route> routes = List.of(new Route("a", 2, 20, true), new Route("b", 3, 30, true), new Route("c", 2, 20, true));
    Map<String, FreeOnArrival> forecasts = Map.of("a", new FreeOnArrival(0.9991, 0.5, 4, true),
        "b", new FreeOnArrival(0.9994, 0.5, 4, true), "c", new FreeOnArrival(0.9990, 0.5, 4, true));

    Ranking.Ranked ranked = Ranking.rank(candidates, routes, NOW, forecasts::get);

    assertEquals(List.of("c", "a", "b"), ranked.picks().stream().map(Recommendation::gymId).toList());
  }

  /** Verifies that one candidate without history puts every candidate back in the free-now order, naming it. */
  @Test
  void branchWithoutHistoryFallsBackToFreeNowAndSaysSo() {
    List<BranchAvailability> candidates = List.of(new BranchAvailability("old", "Old", 0, 10, 1),
        new BranchAvailability("new", "New", 3, 10, 2));
    List<Route> routes = List.of(new Route("old", 1, 10, true), new Route("new", 2, 20, true));
    Map<String, FreeOnArrival> forecasts = Map.of("old", new FreeOnArrival(0.95, 0.5, 4, true), "new", FreeOnArrival.unknown(1));

    Ranking.Ranked ranked = Ranking.rank(candidates, routes, NOW, forecasts::get);

    assertFalse(ranked.byArrival());
    assertEquals(List.of("New"), ranked.withoutHistory());
    assertEquals("new", ranked.picks().get(0).gymId(), "free now first, as before forecasts");
    assertEquals(null, ranked.picks().get(0).fields().get("freeOnArrival"));
    assertEquals(0.95, ranked.picks().get(1).fields().get("freeOnArrival"));
  }

  /** Verifies that the forecast is not known with fewer than two past bins, and that what is true now dominates a short walk. */
  @Test
  void forecastNeedsHistoryAndTrustsTheNearFuture() {
    assertFalse(ArrivalForecast.of(List.of(new PastSlot(0.5, 1)), List.of(), 5, 5, LEGS, 10).known());
    FreeOnArrival twoMinutes = ArrivalForecast.of(weeks(0.9), weeks(0.9), 3, 7, LEGS, 2);
    FreeOnArrival allTaken = ArrivalForecast.of(weeks(0.9), weeks(0.9), 0, 10, LEGS, 2);
    assertTrue(twoMinutes.probability() > 0.9, twoMinutes.toString());
    assertTrue(allTaken.probability() < twoMinutes.probability(), allTaken + " < " + twoMinutes);
    assertTrue(ArrivalForecast.of(weeks(0.5), weeks(0.5), 0, 0, LEGS, 10).probability() == 0, "nothing reports");
  }
}
