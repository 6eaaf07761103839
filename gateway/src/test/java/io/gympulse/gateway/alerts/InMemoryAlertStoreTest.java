package io.gympulse.gateway.alerts;

import io.gympulse.gateway.store.memory.InMemoryAlertStore;

/** Runs the alert store contract against the in-memory store. */
class InMemoryAlertStoreTest extends AlertStoreContract {

  @Override
  AlertStore newStore() {
    return new InMemoryAlertStore();
  }
}
