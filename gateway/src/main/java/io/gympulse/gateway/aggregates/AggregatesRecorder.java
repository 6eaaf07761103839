package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link BinAccumulator} per branch category fed with live transitions, closes bins at each
 * 15-minute boundary (a tick every few seconds closes them when nothing changes) and writes them.
 * Runs on the live state's writer context, where the transitions happen.
 */
public final class AggregatesRecorder implements StateListener, Component {

  private static final Logger LOG = LoggerFactory.getLogger(AggregatesRecorder.class);
  private static final BoundedRateLog FAILURES = new BoundedRateLog(LOG, 5, 60_000);
  static final long TICK_MILLIS = 5_000;

  private final Vertx vertx;
  private final Context writer;
  private final boolean sharedStore;
  private final LiveState state;
  private final AggregateStore store;
  private final Clock clock;
  private final Map<String, BinAccumulator> accumulators = new HashMap<>();
  private long ticker = -1;

  /**
   * @param sharedStore whether other instances close the same bins into the same store (upstream mode): then the
   *     first instance's bin is kept and the others write nothing
   */
  public AggregatesRecorder(Vertx vertx, Context writer, LiveState state, AggregateStore store, boolean sharedStore,
      Clock clock) {
    this.vertx = vertx;
    this.writer = writer;
    this.sharedStore = sharedStore;
    this.state = state;
    this.store = store;
    this.clock = clock;
  }

  /** Opens a bin for every branch category with the counts as they are now, then ticks. */
  @Override
  public Future<Void> start() {
    Promise<Void> started = Promise.promise();
    writer.runOnContext(v -> {
      double now = clock.millis() / 1000.0;
      for (Branch branch : state.catalog().branches()) {
        for (Category category : Category.values()) {
          accumulators.put(key(branch.id(), category),
              new BinAccumulator(branch.id(), category, state.counts(branch.id(), category), now));
        }
      }
      ticker = vertx.setPeriodic(TICK_MILLIS, id -> tick());
      started.complete();
    });
    return started.future();
  }

  /** Stops the ticker, on the writer context where {@link #start()} set it. */
  @Override
  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    writer.runOnContext(v -> {
      vertx.cancelTimer(ticker);
      stopped.complete();
    });
    return stopped.future();
  }

  @Override
  public void onChange(StateChange change) {
    BinAccumulator bins = accumulators.get(key(change.current().gymId(), change.current().category()));
    if (bins != null) {
      write(bins.changed(change.categoryCounts(), change.at()));
    }
  }

  /** The bin being filled for a branch category, as it stands; callable from any thread. */
  public io.vertx.core.Future<Optional<OccupancyBin>> current(String gymId, Category category) {
    io.vertx.core.Promise<Optional<OccupancyBin>> result = io.vertx.core.Promise.promise();
    writer.runOnContext(v -> result.complete(Optional.ofNullable(accumulators.get(key(gymId, category)))
        .map(bins -> {
          bins.advanceTo(clock.millis() / 1000.0).forEach(this::write);
          return bins.current();
        })));
    return result.future();
  }

  private void tick() {
    double now = clock.millis() / 1000.0;
    accumulators.values().forEach(bins -> write(bins.advanceTo(now)));
  }

  private void write(List<OccupancyBin> closed) {
    closed.forEach(this::write);
  }

  private void write(OccupancyBin bin) {
    // A lost bin is rebuilt from events at the next start; retrying here would only pile up during an outage.
    Future<?> written = sharedStore ? store.putIfAbsent(bin) : store.put(bin);
    written.onFailure(e -> FAILURES.warn("could not write bin [gym: {}, category: {}, bin: {}, reason: {}]",
        bin.gymId(), bin.category().wireName(), bin.binStart(), e.toString()));
  }

  private static String key(String gymId, Category category) {
    return gymId + "#" + category.wireName();
  }
}
