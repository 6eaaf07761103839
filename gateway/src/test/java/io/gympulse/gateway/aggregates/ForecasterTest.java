package io.gympulse.gateway.aggregates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.app.Backtest;
import io.gympulse.gateway.catalog.CatalogLoader;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.MachineStatus;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The forecast model on bins built by hand, and its score against the naive baseline on simulator history. */
class ForecasterTest {

  /** Past weeks' bins at one slot with the given occupancies (10 machines, available all bin long). */
  private static List<OccupancyBin> weeks(double... occupancies) {
    return IntStream.range(0, occupancies.length).mapToObj(i -> new OccupancyBin("g", Category.LEGS, i * 604_800L,
        occupancies[i] * 9000, 9000, (1 - occupancies[i]) * 9000, occupancies[i] >= 1 ? 0 : 900, 0, 10, 5)).toList();
  }

  /** Verifies that without enough history the forecast is not shown rather than made up. */
  @Test
  void tooLittleHistoryIsNotShown() {
    Forecast none = Forecaster.machine(List.of(), List.of(), new Counts(5, 5, 0), MachineStatus.FREE, Category.LEGS, 30);
    Forecast one = Forecaster.machine(weeks(0.5), weeks(0.5), new Counts(5, 5, 0), MachineStatus.FREE, Category.LEGS, 30);
    assertFalse(none.show());
    assertFalse(one.show());
    assertEquals("unknown", one.classification());
    assertFalse(Forecaster.category(weeks(0.5), new Counts(5, 5, 0), Category.LEGS, 30).show());
  }

  /** Verifies that a busy slot gives a low probability and a quiet one a high one, at long horizons. */
  @Test
  void seasonalLevelDrivesLongHorizons() {
    Forecast busy = Forecaster.machine(weeks(0.9, 0.92, 0.88), weeks(0.9, 0.9, 0.9), new Counts(1, 9, 0),
        MachineStatus.FREE, Category.LEGS, 240);
    Forecast quiet = Forecaster.machine(weeks(0.1, 0.12, 0.08), weeks(0.1, 0.1, 0.1), new Counts(9, 1, 0),
        MachineStatus.OCCUPIED, Category.LEGS, 240);
    assertTrue(busy.show() && quiet.show());
    assertTrue(busy.probabilityFree() < 0.2, "busy slot: " + busy);
    assertTrue(quiet.probabilityFree() > 0.8, "quiet slot: " + quiet);
    assertEquals("busy", busy.classification());
    assertEquals("likely_free", quiet.classification());
  }

  /** Verifies that what is true now dominates short horizons: a free machine is likely still free in 2 minutes. */
  @Test
  void currentStatusDominatesShortHorizons() {
    List<OccupancyBin> history = weeks(0.5, 0.5, 0.5);
    double free = Forecaster.machine(history, history, new Counts(5, 5, 0), MachineStatus.FREE, Category.LEGS, 2)
        .probabilityFree();
    double occupied = Forecaster.machine(history, history, new Counts(5, 5, 0), MachineStatus.OCCUPIED, Category.LEGS, 2)
        .probabilityFree();
    assertTrue(free > 0.8 && occupied < 0.2, free + " / " + occupied);
  }

  /** Verifies that confidence grows with samples and falls with their spread. */
  @Test
  void confidenceGrowsWithSamplesAndFallsWithSpread() {
    Counts now = new Counts(5, 5, 0);
    double few = Forecaster.machine(weeks(0.5, 0.5), weeks(0.5, 0.5), now, MachineStatus.FREE, Category.LEGS, 30).confidence();
    double many = Forecaster.machine(weeks(0.5, 0.5, 0.5, 0.5, 0.5, 0.5), weeks(0.5, 0.5), now, MachineStatus.FREE,
        Category.LEGS, 30).confidence();
    double spread = Forecaster.machine(weeks(0.1, 0.9, 0.1, 0.9, 0.1, 0.9), weeks(0.5, 0.5), now, MachineStatus.FREE,
        Category.LEGS, 30).confidence();
    assertTrue(many > few, many + " > " + few);
    assertTrue(spread < many, spread + " < " + many);
  }

  /** Verifies that the forecast beats the naive "same as now" baseline on simulator history (Brier score). */
  @Test
  void forecastBeatsSameAsNowOnSimulatorHistory() {
    Backtest.Score score = Backtest.run(CatalogLoader.bundledSample(), 3, 30, 7, Backtest.DEFAULT_END, 10);
    assertTrue(score.predictions() > 10_000, "scored " + score.predictions());
    assertTrue(score.forecastBrier() < score.baselineBrier(), score.toString());
  }
}
