package io.gympulse.gateway.ingest;

import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.StatusReport;
import io.gympulse.gateway.store.StateRecorder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;

/** Hands reports to the live state on its writer context and waits for the recorder's durability. */
public final class LiveStateSink implements ReportSink {

  private final LiveState state;
  private final StateRecorder recorder;
  private final Context writer;
  private final Clock clock;

  public LiveStateSink(LiveState state, StateRecorder recorder, Context writer, Clock clock) {
    this.state = state;
    this.recorder = recorder;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Future<ApplyResult.Outcome> submit(StatusReport report) {
    Promise<ApplyResult.Outcome> durable = Promise.promise();
    writer.runOnContext(v -> {
      ApplyResult result = state.apply(report);
      recorder.whenDurable(report.machineId()).map(result.outcome()).onComplete(durable);
    });
    return durable.future();
  }

  @Override
  public void deviceGone(String machineId) {
    writer.runOnContext(v -> state.markOffline(machineId, ChangeCause.LAST_WILL, clock.millis() / 1000.0));
  }
}
