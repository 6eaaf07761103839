package io.gympulse.gateway.ingest;

import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.StateJournal;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands reports to the live state on its writer context and completes once they are durable: apply (which records a
 * transition in the journal before anyone hears of it) → wait for the journal → acknowledge.
 */
public final class LiveStateSink implements ReportSink {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStateSink.class);
  /** Only a broken journal or state throws here; a few stack traces tell the story. */
  private static final BoundedRateLog FAILURES = new BoundedRateLog(LOG, 5, 10_000);

  private final LiveState state;
  private final StateJournal journal;
  private final Context writer;
  private final Clock clock;

  /** @param journal the journal {@code state} records its transitions in */
  public LiveStateSink(LiveState state, StateJournal journal, Context writer, Clock clock) {
    this.state = state;
    this.journal = journal;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Future<String> submit(StatusReport report) {
    Promise<String> durable = Promise.promise();
    writer.runOnContext(v -> {
      try {
        ApplyResult applied = state.apply(report);
        journal.whenDurable(report.machineId()).map(applied.outcome().name().toLowerCase(Locale.ROOT))
            .onComplete(durable);
      } catch (RuntimeException e) {
        // a promise left open would keep the device without an outcome and its unacknowledged budget taken
        FAILURES.warn("report not applied, left unacknowledged [machine: {}, reason: {}]", report.machineId(),
            e.toString(), e);
        durable.fail(e);
      }
    });
    return durable.future();
  }

  @Override
  public void deviceGone(String machineId) {
    writer.runOnContext(v -> {
      try {
        state.markOffline(machineId, ChangeCause.LAST_WILL, clock.millis() / 1000.0);
      } catch (RuntimeException e) {
        FAILURES.warn("last will not applied [machine: {}, reason: {}]", machineId, e.toString(), e);
      }
    });
  }
}
