package io.gympulse.gateway.testing;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.MachineEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory store whose writes can be held back and released, to watch what waits for durability. */
public final class HoldingStore extends ForwardingMachineStore {

  private final List<Runnable> held = new CopyOnWriteArrayList<>();
  private volatile boolean holding;

  public HoldingStore() {
    super(TestGateway.machineStore());
  }

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
      return super.recordTransition(event, state);
    }
    Promise<Void> promise = Promise.promise();
    held.add(() -> super.recordTransition(event, state).onComplete(promise));
    return promise.future();
  }
}
