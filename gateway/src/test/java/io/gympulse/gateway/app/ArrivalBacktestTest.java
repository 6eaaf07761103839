package io.gympulse.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogLoader;
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
   * Verifies that, on simulator history, ranking by the chance of a free machine on arrival finds one more often
   * than "nearest with one free now" does, and sends members less far than "most free now" does.
   */
  @Test
  void arrivalRankingMissesLessThanNearestAndWalksLessThanMostFree() {
    ArrivalBacktest.Score score = ArrivalBacktest.run(CATALOG, 3, 20_000, 7, Backtest.DEFAULT_END);
    assertTrue(score.onArrival().hitRate() > score.nearestFreeNow().hitRate(), score.toString());
    assertTrue(score.onArrival().eveningHitRate() > score.nearestFreeNow().eveningHitRate(), score.toString());
    assertTrue(score.onArrival().walkMinutes() < score.mostFreeNow().walkMinutes() - 3, score.toString());
  }
}
