package io.gympulse.gateway.testing;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.vertx.core.Future;
import java.util.List;

/** A store that passes every call to another; tests override the calls whose behaviour they change. */
public class ForwardingMachineStore implements MachineStore {

  private final MachineStore delegate;

  public ForwardingMachineStore(MachineStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<Void> recordTransition(MachineEvent event, MachineState state) {
    return delegate.recordTransition(event, state);
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
