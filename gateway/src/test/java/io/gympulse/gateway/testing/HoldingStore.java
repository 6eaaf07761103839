package io.gympulse.gateway.testing;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.memory.InMemoryMachineStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory store whose writes can be held back and released, to watch what waits for durability. */
public final class HoldingStore implements MachineStore {

  private final InMemoryMachineStore delegate = TestGateway.machineStore();
  private final List<Runnable> held = new CopyOnWriteArrayList<>();
  private volatile boolean holding;

  public void hold() {
    holding = true;
  }

  /** Stops holding and completes every held write. */
  public void release() {
    holding = false;
    held.forEach(Runnable::run);
    held.clear();
  }

  public int heldWrites() {
    return held.size();
  }

  @Override
  public Future<Void> recordTransition(MachineEvent event, MachineState state) {
    if (!holding) {
      return delegate.recordTransition(event, state);
    }
    Promise<Void> promise = Promise.promise();
    held.add(() -> delegate.recordTransition(event, state).onComplete(promise));
    return promise.future();
  }

  @Override
  public Future<List<MachineState>> loadCurrentStates() {
    return delegate.loadCurrentStates();
  }

  @Override
  public Future<HistoryPage> history(HistoryQuery query) {
    return delegate.history(query);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
