package io.gympulse.gateway.store;

import io.gympulse.gateway.fanout.ConnectionStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;

/** Runs the connections contract against the in-memory store. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {

  @Override
  ConnectionStore newStore() {
    return new InMemoryConnectionStore();
  }
}
