package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.store.Retention;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * The embedded {@link AggregateStore}; nothing survives the process. Bins follow the DynamoDB design's TTL
 * ({@link Retention#BINS} after their start, by the injected clock). They need no memory bound: their
 * number is fixed by the catalog (one per branch category per 15 minutes) times the retention; for the
 * bundled catalog's 72 branch categories that is at most 622,080 bins, about 75 MB at ~120 bytes a bin.
 */
public final class InMemoryAggregateStore implements AggregateStore, RetainingStore {

  private final Clock clock;
  private final RetainedLogs<OccupancyBin> bins = new RetainedLogs<>(Long.MAX_VALUE);

  public InMemoryAggregateStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Void> put(OccupancyBin bin) {
    bins.put(bin.gymCategory(), bin.binStart(), bin);
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> putIfAbsent(OccupancyBin bin) {
    return Future.succeededFuture(bins.putIfAbsent(bin.gymCategory(), bin.binStart(), bin));
  }

  @Override
  public Future<List<OccupancyBin>> range(String gymId, Category category, long fromSeconds, long toSeconds) {
    // expired bins not yet swept are still in memory: the read hides them, as DynamoDB's TTL would
    long from = Math.max(fromSeconds, expiredThrough() + 1);
    if (from >= toSeconds) {
      return Future.succeededFuture(List.of());
    }
    return Future.succeededFuture(List.copyOf(
        bins.log(gymId + "#" + category.wireName()).subMap(from, true, toSeconds, false).values()));
  }

  /** The newest bin start that is expired now: a bin whose start is at least the retention ago. */
  private long expiredThrough() {
    return Math.floorDiv(clock.millis() - Retention.BINS.toMillis(), 1000);
  }

  @Override
  public String itemKind() {
    return "bins";
  }

  @Override
  public RetainedLogs<?> retained() {
    return bins;
  }

  @Override
  public int sweep(int budget) {
    return bins.expireThrough(expiredThrough(), budget);
  }
}
