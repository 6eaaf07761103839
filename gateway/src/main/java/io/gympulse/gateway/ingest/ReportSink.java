package io.gympulse.gateway.ingest;

import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Future;

/**
 * Where validated reports go: the live state, then the store ({@link LiveStateSink}); or, with several instances on a
 * broker, the broker, which hands them to every instance.
 */
public interface ReportSink {

  /**
   * Takes a report. The future completes, on any thread, once its effect (and every earlier write of
   * the same machine) is durable, or the broker has taken it: only then may a QoS 1/2 message be
   * acknowledged. It completes with the outcome to count ({@code transition}, {@code refresh},
   * {@code duplicate}, {@code stale}; {@code forwarded} to a broker).
   */
  Future<String> submit(StatusReport report);

  /** The device of this machine went away without a clean disconnect (Last Will). */
  void deviceGone(String machineId);
}
