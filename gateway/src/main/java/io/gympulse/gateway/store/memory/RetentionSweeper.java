package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.lifecycle.Component;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * Frees what the in-memory stores hold past retention, in small batches on a timer, so a sweep never holds
 * an event loop (or a store's write lock) for long. A backlog (e.g. a month of history passing 30 days at
 * once) is worked off batch after batch, each one a separate task on the loop.
 */
public final class RetentionSweeper implements Component {

  /** Cheap when nothing is due (one look at each store's oldest item), so it can run often. */
  static final Duration INTERVAL = Duration.ofSeconds(1);
  /** Removals per store per batch: a few hundred microseconds of skip-list work. */
  static final int BATCH = 1_000;

  private final Vertx vertx;
  private final List<RetainingStore> stores;
  private long timer = -1;
  private volatile boolean stopped;

  public RetentionSweeper(Vertx vertx, List<RetainingStore> stores) {
    this.vertx = vertx;
    this.stores = List.copyOf(stores);
  }

  @Override
  public Future<Void> start() {
    if (!stores.isEmpty()) {
      timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> sweep());
    }
    return Future.succeededFuture();
  }

  private void sweep() {
    boolean more = false;
    for (RetainingStore store : stores) {
      more |= store.sweep(BATCH) == BATCH;
    }
    if (more && !stopped) {
      vertx.runOnContext(v -> sweep());
    }
  }

  /** Stops sweeping; safe to call twice. */
  @Override
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
