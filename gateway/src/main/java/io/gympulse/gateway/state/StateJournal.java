package io.gympulse.gateway.state;

import io.vertx.core.Future;

/**
 * Where every transition goes before anyone hears of it: the durable record. {@link LiveState} takes it in its
 * constructor and records each change in it first, so a device's report is acknowledged after the record is
 * durable whatever listeners are registered, and in whatever order.
 */
public interface StateJournal {

  /**
   * Records {@code change}; called on the live state's writer context before the change is applied or any listener
   * hears of it, and must not block. A throw refuses the change: the live state stays as it was.
   */
  void record(StateChange change);

  /** Completes once every transition recorded so far for {@code machineId} is durable. */
  Future<Void> whenDurable(String machineId);
}
