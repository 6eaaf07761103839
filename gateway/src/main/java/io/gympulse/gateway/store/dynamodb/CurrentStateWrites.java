package io.gympulse.gateway.store.dynamodb;

import io.gympulse.gateway.state.MachineState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * At most one {@code current-state} write in flight per machine. The states of a machine that changes faster than the
 * store answers wait for the write in flight, and then only the newest of them is written, once, for all of them:
 * the conditional write keeps only the newest state anyway, so a stored newer state covers every older caller. The
 * store sees at most one write per machine per round trip instead of a burst (a dead instance's adopted backlog
 * arrives all at once), and a slow store is not buried under writes that a later one overwrites.
 *
 * <p>Confined to one context: the store's.
 */
final class CurrentStateWrites {

  /** The order the conditional write keeps: (timestamp, seq), then since (an offline mark of the same report). */
  private static final Comparator<MachineState> OLDEST_FIRST = Comparator.comparingDouble(MachineState::timestamp)
      .thenComparingLong(MachineState::seq).thenComparingDouble(MachineState::since);

  private final Function<MachineState, Future<Void>> write;
  /** Machines with a write in flight, each with the write that waits for it (null while none does). */
  private final Map<String, Waiting> inFlight = new HashMap<>();

  /** The newest state that waits for a machine's write in flight, and everyone it answers. */
  private static final class Waiting {

    private MachineState newest;
    private final List<Promise<Void>> callers = new ArrayList<>();

    private Waiting(MachineState state) {
      this.newest = state;
    }
  }

  /** @param write writes one state (a conditional write that keeps the newest) */
  CurrentStateWrites(Function<MachineState, Future<Void>> write) {
    this.write = write;
  }

  /** Completes once a state at least as new as {@code state} is stored, or fails with the write that carried it. */
  Future<Void> put(MachineState state) {
    String machineId = state.machineId();
    if (!inFlight.containsKey(machineId)) {
      inFlight.put(machineId, null);
      return send(state);
    }
    Waiting waiting = inFlight.get(machineId);
    if (waiting == null) {
      waiting = new Waiting(state);
      inFlight.put(machineId, waiting);
    } else if (OLDEST_FIRST.compare(state, waiting.newest) > 0) {
      waiting.newest = state;
    }
    Promise<Void> caller = Promise.promise();
    waiting.callers.add(caller);
    return caller.future();
  }

  private Future<Void> send(MachineState state) {
    return write.apply(state).andThen(done -> {
      Waiting next = inFlight.remove(state.machineId());
      if (next != null) {
        inFlight.put(state.machineId(), null);
        send(next.newest).onComplete(result -> next.callers.forEach(caller -> caller.handle(result)));
      }
    });
  }

  /** Machines with a write in flight (for tests). */
  int machinesInFlight() {
    return inFlight.size();
  }
}
