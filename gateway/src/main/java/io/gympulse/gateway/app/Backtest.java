package io.gympulse.gateway.app;

import io.gympulse.gateway.aggregates.Forecast;
import io.gympulse.gateway.aggregates.Forecaster;
import io.gympulse.gateway.aggregates.History;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogLoader;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.sim.HistoryGenerator;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Scores the machine forecast on simulator history: plays {@code weeks} weeks, fits on all but the last
 * (the seasonal part only ever looks at earlier weeks) and, every 15 minutes of the last week, predicts
 * "free in {@code minutes}" for a sample of machines. Prints the Brier score (mean squared error of the
 * probability, lower is better) of the forecast and of the naive baseline "same as now". The history
 * ends at a fixed instant (default {@link #DEFAULT_END}), so the same arguments always give the same
 * figures.
 *
 * <pre>java -cp gateway/target/gympulse-gateway.jar io.gympulse.gateway.app.Backtest [weeks] [minutes] [seed] [end]</pre>
 */
public final class Backtest {

  /** Where the simulated history ends unless an end is given: fixed, not "now", so runs are reproducible. */
  public static final Instant DEFAULT_END = Instant.parse("2026-01-05T00:00:00Z");

  private Backtest() {
  }

  /** The result of one backtest. */
  public record Score(int predictions, double forecastBrier, double baselineBrier) {
  }

  public static void main(String[] args) {
    int weeks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    Instant end = args.length > 3 ? Instant.parse(args[3]) : DEFAULT_END;
    long started = System.nanoTime();
    Score score = run(CatalogLoader.bundledSample(), weeks, minutes, seed, end, 5);
    System.out.printf(Locale.ROOT, "backtest: %d weeks of simulated history ending %s (seed %d), scored on the last week, horizon %d min%n",
        weeks, end, seed, minutes);
    System.out.printf(Locale.ROOT, "  %d predictions; Brier score: forecast %.4f, baseline \"same as now\" %.4f (lower is better)%n",
        score.predictions(), score.forecastBrier(), score.baselineBrier());
    System.out.printf(Locale.ROOT, "  took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /**
   * Runs a backtest on history ending at {@code endAt}; every {@code machineStride}-th machine is scored (all
   * of them is slow and no wiser).
   */
  public static Score run(Catalog catalog, int weeks, int minutes, long seed, Instant endAt, int machineStride) {
    long week = Duration.ofDays(7).toSeconds();
    Simulated simulated = Simulated.play(catalog, weeks, seed, endAt);
    long end = simulated.end();
    HistoryGenerator.Played played = simulated.played();
    History history = simulated.history();

    List<Machine> sample = java.util.stream.IntStream.range(0, catalog.size()).filter(i -> i % machineStride == 0)
        .mapToObj(i -> catalog.machines().get(i)).toList();
    double forecastError = 0;
    double baselineError = 0;
    int predictions = 0;
    for (long now = end - week; now + minutes * 60L < end; now += OccupancyBin.LENGTH_SECONDS) {
      long target = now + minutes * 60L;
      for (Machine machine : sample) {
        MachineStatus statusNow = played.statusAt(machine.machineId(), now);
        MachineStatus later = played.statusAt(machine.machineId(), target);
        if (statusNow == MachineStatus.OFFLINE || later == MachineStatus.OFFLINE) {
          continue;
        }
        // the store holds only closed bins, and the seasonal part reads earlier weeks: no look-ahead
        Forecast forecast = Forecaster.machine(
            history.sameSlot(machine.gymId(), machine.category(), OccupancyBin.startOf(target)).result(),
            history.sameSlot(machine.gymId(), machine.category(), OccupancyBin.startOf(now)).result(),
            countsAt(catalog, played, machine, now), statusNow, machine.category(), minutes);
        double actual = later == MachineStatus.FREE ? 1 : 0;
        double baseline = statusNow == MachineStatus.FREE ? 1 : 0;
        double predicted = forecast.show() ? forecast.probabilityFree() : baseline;
        forecastError += (predicted - actual) * (predicted - actual);
        baselineError += (baseline - actual) * (baseline - actual);
        predictions++;
      }
    }
    return new Score(predictions, forecastError / predictions, baselineError / predictions);
  }

  /**
   * {@code weeks} of simulated history ending at the bin boundary at or before {@code endAt}: what happened to each
   * machine ({@code played}), and its 15-minute bins in an in-memory store behind {@code history}, as the backtests
   * read them.
   */
  record Simulated(long end, HistoryGenerator.Played played, History history) {

    static Simulated play(Catalog catalog, int weeks, long seed, Instant endAt) {
      long end = OccupancyBin.startOf(endAt.getEpochSecond());
      long start = end - weeks * Duration.ofDays(7).toSeconds();
      HistoryGenerator.Played played = HistoryGenerator.play(catalog, start, end, seed);
      // the store's "now" is the end of the played window, so its 90-day retention counts from there
      InMemoryAggregateStore store = new InMemoryAggregateStore(Clock.fixed(Instant.ofEpochSecond(end), ZoneOffset.UTC));
      HistoryGenerator.bins(catalog, played).forEach(store::put);
      return new Simulated(end, played, new History(store));
    }
  }

  private static Counts countsAt(Catalog catalog, HistoryGenerator.Played played, Machine machine, double at) {
    Counts counts = Counts.ZERO;
    for (Machine peer : catalog.machines(machine.gymId(), machine.category())) {
      counts = counts.plus(Counts.delta(null, played.statusAt(peer.machineId(), at)));
    }
    return counts;
  }
}
