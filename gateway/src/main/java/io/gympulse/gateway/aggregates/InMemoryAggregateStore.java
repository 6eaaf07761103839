package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The embedded {@link AggregateStore}; nothing survives the process. */
public final class InMemoryAggregateStore implements AggregateStore {

  private final Map<String, NavigableMap<Long, OccupancyBin>> bins = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(OccupancyBin bin) {
    bins.computeIfAbsent(bin.gymCategory(), k -> new ConcurrentSkipListMap<>()).put(bin.binStart(), bin);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<OccupancyBin>> range(String gymId, Category category, long fromSeconds, long toSeconds) {
    NavigableMap<Long, OccupancyBin> series = bins.get(gymId + "#" + category.wireName());
    if (series == null || fromSeconds >= toSeconds) {
      return Future.succeededFuture(List.of());
    }
    return Future.succeededFuture(List.copyOf(series.subMap(fromSeconds, true, toSeconds, false).values()));
  }
}
