package io.gympulse.gateway.store;

import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateJournal;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists every transition of the live state, retrying failed writes with capped exponential backoff
 * and jitter until they succeed, and tells ingest when a machine's writes so far are all durable, so a
 * QoS 1/2 report is acknowledged only then. The live state's journal, so it hears of every transition first.
 *
 * <p>Recording only issues the write: live state is updated before the write is durable, so members see a change at
 * once even while the store is slow; only the device's acknowledgement waits.
 */
public final class StateRecorder implements StateJournal {

  private static final Logger LOG = LoggerFactory.getLogger(StateRecorder.class);
  private static final Backoff BACKOFF = new Backoff(50, 5_000);
  /** During an outage every pending machine retries; a few lines tell the story. */
  private static final BoundedRateLog RETRIES = new BoundedRateLog(LOG, 5, 10_000);

  private final Vertx vertx;
  private final MachineStore store;
  private final GatewayMetrics metrics;
  private final StoreHealth health;
  /** Stamps the last successful write that readiness reports. */
  private final Clock clock;
  /** Per machine, the future of all its writes issued so far; removed once they are durable. */
  private final Map<String, Future<Void>> pending = new ConcurrentHashMap<>();

  public StateRecorder(Vertx vertx, MachineStore store, GatewayMetrics metrics, StoreHealth health, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.health = health;
    this.clock = clock;
  }

  @Override
  public void record(StateChange change) {
    MachineEvent event = MachineEvent.of(change);
    Future<Void> write = writeUntilDurable(event, change, 0);
    Future<Void> allSoFar = pending.merge(event.machineId(), write,
        (earlier, later) -> Future.all(earlier, later).mapEmpty());
    allSoFar.onComplete(done -> pending.remove(event.machineId(), allSoFar));
  }

  /** Completes once every write issued so far for this machine is durable. */
  @Override
  public Future<Void> whenDurable(String machineId) {
    return pending.getOrDefault(machineId, Future.succeededFuture());
  }

  /**
   * Completes once no write is pending, or after {@code atMost}: a graceful stop flushes what devices
   * sent before it, without hanging on a store that is down.
   */
  public Future<Void> drained(Vertx vertx, Duration atMost) {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    // not setPeriodic(0, ...): a first run at once can cancel its timer before Vert.x has stored it (NPE)
    long poll = vertx.setPeriodic(50, id -> {
      if (pending.isEmpty()) {
        drained.tryComplete();
      }
    });
    long limit = vertx.setTimer(atMost.toMillis(), id -> {
      if (!pending.isEmpty()) {
        LOG.warn("stopping with writes still pending [machines: {}]", pending.size());
      }
      drained.tryComplete();
    });
    return drained.future().onComplete(done -> {
      vertx.cancelTimer(poll);
      vertx.cancelTimer(limit);
    });
  }

  /** Number of machines with writes not yet durable. */
  public int machinesWithPendingWrites() {
    return pending.size();
  }

  private Future<Void> writeUntilDurable(MachineEvent event, StateChange change, int attempt) {
    long started = System.nanoTime();
    return store.recordTransition(event, change.current())
        .andThen(done -> {
          metrics.storeWrite(System.nanoTime() - started, done.succeeded());
          if (done.succeeded()) {
            health.succeeded(clock.millis());
          } else {
            health.failed(done.cause());
          }
        })
        .recover(failure -> {
          long backoff = BACKOFF.delayMillis(attempt);
          RETRIES.warn("store write failed, retrying [machine: {}, attempt: {}, in: {} ms, reason: {}]",
              event.machineId(), attempt + 1, backoff, failure.toString());
          return vertx.timer(backoff, TimeUnit.MILLISECONDS)
              .compose(fired -> writeUntilDurable(event, change, attempt + 1));
        });
  }
}
