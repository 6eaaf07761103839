package io.gympulse.gateway.testing;

import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateJournal;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A journal for tests of the live state alone: keeps what it was given, and every record is durable at once. */
public final class RecordingJournal implements StateJournal {

  private final List<StateChange> recorded = new CopyOnWriteArrayList<>();

  @Override
  public void record(StateChange change) {
    recorded.add(change);
  }

  @Override
  public Future<Void> whenDurable(String machineId) {
    return Future.succeededFuture();
  }

  /** Every change recorded so far, in order. */
  public List<StateChange> recorded() {
    return List.copyOf(recorded);
  }
}
