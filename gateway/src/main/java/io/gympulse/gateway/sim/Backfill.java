package io.gympulse.gateway.sim;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Fills the aggregates with {@code days} of simulated history before the live simulator starts, so
 * forecasts and peak hours have something to say minutes after a fresh start. Writes bins straight to
 * the store (what forecasts read); the event log is not backfilled, so machine history starts now.
 */
public final class Backfill {

  /** Bins written at once: enough to be quick, few enough not to swamp a DynamoDB table. */
  private static final int CONCURRENT_WRITES = 32;

  private Backfill() {
  }

  /** Generates on a worker thread (CPU-bound) and writes; completes with the number of bins written. */
  public static Future<Integer> run(Vertx vertx, Catalog catalog, AggregateStore store, int days, Clock clock, long seed) {
    long end = OccupancyBin.startOf(clock.millis() / 1000.0);
    long start = end - Duration.ofDays(days).toSeconds();
    return vertx.executeBlocking(() -> HistoryGenerator.bins(catalog, HistoryGenerator.play(catalog, start, end, seed)), false)
        .compose(bins -> write(store, bins, 0).map(bins.size()));
  }

  private static Future<Void> write(AggregateStore store, List<OccupancyBin> bins, int from) {
    if (from >= bins.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(bins.size(), from + CONCURRENT_WRITES);
    return Future.all(bins.subList(from, to).stream().map(store::put).toList()).compose(v -> write(store, bins, to));
  }
}
