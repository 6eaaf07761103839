package io.gympulse.gateway.ingest;

import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Future;

/** Where validated reports go: the live state, then the store. */
public interface ReportSink {

  /**
   * Applies a report. The future completes, on any thread, once its effect (and every earlier write of
   * the same machine) is durable: only then may a QoS 1/2 message be acknowledged.
   */
  Future<ApplyResult.Outcome> submit(StatusReport report);

  /** The device of this machine went away without a clean disconnect (Last Will). */
  void deviceGone(String machineId);
}
