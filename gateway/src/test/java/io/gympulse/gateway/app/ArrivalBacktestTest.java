package io.gympulse.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrival backtest: reproducible, and what it shows about the ranking on simulator history. */
class ArrivalBacktestTest {

  private static final Catalog CATALOG = CatalogLoader.bundledSample();

  /** Verifies that two runs with the same arguments give identical figures. */
  @Test
  void sameArgumentsGiveIdenticalFigures() {
    ArrivalBacktest.Score first = ArrivalBacktest.run(CATALOG, 3, 2_000, 42, Backtest.DEFAULT_END);
    ArrivalBacktest.Score second = ArrivalBacktest.run(CATALOG, 3, 2_000, 42, Backtest.DEFAULT_END);
    assertEquals(first, second);
    assertEquals(2_000, first.requests(), "every simulated member has a branch within 15 km");
  }

  /**
   * Verifies that, on simulator history, ranking by the chance of a free machine on arrival finds one more often than
   * both "nearest with one free now" and "most free now" do, all day and in the evening, wins more of the requests
   * where they disagree, and sends members less far than "most free now" does.
   */
  @Test
  void arrivalRankingFindsAFreeMachineMoreOftenThanBothBaselines() {
    ArrivalBacktest.Score score = ArrivalBacktest.run(CATALOG, 3, 20_000, 7, Backtest.DEFAULT_END);
    for (ArrivalBacktest.Outcome baseline : List.of(score.nearestFreeNow(), score.mostFreeNow())) {
      assertTrue(score.onArrival().hitRate() > baseline.hitRate(), score.toString());
      assertTrue(score.onArrival().eveningHitRate() > baseline.eveningHitRate(), score.toString());
    }
    assertTrue(score.versusNearest().z() > 2, score.toString());
    assertTrue(score.versusMostFree().z() > 2, score.toString());
    assertTrue(score.onArrival().walkMinutes() < score.mostFreeNow().walkMinutes() - 3, score.toString());
  }

  /**
   * Verifies that no ranking scores above the hindsight ceiling (some candidate free on arrival), and that the ceiling
   * is above "nearest with one free now": the backtest measures something a ranking can still win.
   */
  @Test
  void noRankingPassesTheHindsightCeiling() {
    ArrivalBacktest.Score score = ArrivalBacktest.run(CATALOG, 3, 5_000, 11, Backtest.DEFAULT_END);
    for (ArrivalBacktest.Outcome ranking : List.of(score.onArrival(), score.mostFreeNow(), score.nearestFreeNow())) {
      assertTrue(ranking.hitRate() <= score.hindsight().hitRate(), score.toString());
      assertTrue(ranking.eveningHitRate() <= score.hindsight().eveningHitRate(), score.toString());
    }
    assertTrue(score.hindsight().hitRate() > score.nearestFreeNow().hitRate(), score.toString());
  }
}
