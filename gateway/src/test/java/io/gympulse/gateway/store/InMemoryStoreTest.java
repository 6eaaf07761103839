package io.gympulse.gateway.store;

/** Runs the store contract against the embedded in-memory store. */
class InMemoryStoreTest extends MachineStoreContract {

  @Override
  MachineStore newStore() {
    return new InMemoryStore();
  }
}
