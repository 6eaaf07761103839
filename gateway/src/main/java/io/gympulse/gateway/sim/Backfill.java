package io.gympulse.gateway.sim;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
        .compose(bins -> {
          Promise<Void> written = Promise.promise();
          writeFrom(vertx, store, bins, 0, written);
          return written.future().map(bins.size());
        });
  }

  /**
   * Writes a chunk, then schedules the next one as a new event-loop task: a store that completes at once
   * (in memory) would otherwise nest one call per chunk and overflow the stack, and other work gets a turn.
   */
  private static void writeFrom(Vertx vertx, AggregateStore store, List<OccupancyBin> bins, int from, Promise<Void> written) {
    if (from >= bins.size()) {
      written.complete();
      return;
    }
    int to = Math.min(bins.size(), from + CONCURRENT_WRITES);
    Future.all(bins.subList(from, to).stream().map(store::put).toList()).onComplete(chunk -> {
      if (chunk.failed()) {
        written.fail(chunk.cause());
      } else {
        vertx.runOnContext(v -> writeFrom(vertx, store, bins, to, written));
      }
    });
  }
}
