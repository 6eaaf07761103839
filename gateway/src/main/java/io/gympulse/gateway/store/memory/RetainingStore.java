package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.store.Retention;

/**
 * A store that forgets by itself: the in-memory stores' counterpart of DynamoDB's TTL. Its reads already
 * hide what is past {@link Retention}; {@link #sweep(int)} frees the memory.
 */
public interface RetainingStore {

  /** What it holds, as metric names say it: {@code events} or {@code bins}. */
  String itemKind();

  /** Its items and the counts of what retention and the memory bound removed. */
  RetainedLogs<?> retained();

  /** Removes at most {@code budget} items past retention, oldest first; returns how many it removed. */
  int sweep(int budget);
}
