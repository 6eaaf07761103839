package io.gympulse.gateway.store;

/** Runs the connections contract against the in-memory store. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {

  @Override
  ConnectionStore newStore() {
    return new InMemoryConnectionStore();
  }
}
