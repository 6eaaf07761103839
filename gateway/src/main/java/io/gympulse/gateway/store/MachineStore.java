package io.gympulse.gateway.store;

import io.gympulse.gateway.state.MachineState;
import io.vertx.core.Future;
import java.util.List;

/**
 * Durable store of machine state and the event log. Implementations must not block the calling event
 * loop; their futures may complete on any thread.
 */
public interface MachineStore {

  /**
   * Durably records a transition: appends {@code event} (idempotent by its key) and stores
   * {@code state} as current state unless a newer one (by timestamp, then seq) is already stored.
   * The future succeeds only once both are durable.
   */
  Future<Void> recordTransition(MachineEvent event, MachineState state);

  /** Current state of every machine ever recorded, for a warm restart. */
  Future<List<MachineState>> loadCurrentStates();

  /** One page of a machine's events within a time range, newest first; fails with InvalidCursorException. */
  Future<HistoryPage> history(HistoryQuery query);

  /** Releases resources; safe to call twice. */
  Future<Void> close();
}
