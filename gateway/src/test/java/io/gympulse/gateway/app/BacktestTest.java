package io.gympulse.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;

/** The backtest: its figures follow from its arguments alone, not from the time of day it runs. */
class BacktestTest {

  private static final Catalog CATALOG = CatalogLoader.bundledSample();

  /** Verifies that two runs with the same arguments give identical figures. */
  @Test
  void sameArgumentsGiveIdenticalFigures() {
    Backtest.Score first = Backtest.run(CATALOG, 3, 30, 42, Backtest.DEFAULT_END, 10);
    Backtest.Score second = Backtest.run(CATALOG, 3, 30, 42, Backtest.DEFAULT_END, 10);
    assertEquals(first, second);
  }
}
