package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.vertx.core.Future;
import java.util.List;

/** 15-minute bins (the {@code aggregates} table: PK {@code gymId#category}, SK {@code binStart}). */
public interface AggregateStore {

  /** Writes a closed bin; writing the same bin twice leaves the same value (idempotent). */
  Future<Void> put(OccupancyBin bin);

  /**
   * Writes a closed bin unless one is stored for its branch category and start, and says whether it wrote: instances
   * that each closed the same bin (upstream mode) write it once.
   */
  Future<Boolean> putIfAbsent(OccupancyBin bin);

  /** Bins of one branch category with {@code fromSeconds <= binStart < toSeconds}, oldest first. */
  Future<List<OccupancyBin>> range(String gymId, Category category, long fromSeconds, long toSeconds);
}
