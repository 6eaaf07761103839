package io.gympulse.gateway.store;

import io.gympulse.gateway.config.StoreConfig;
import io.gympulse.gateway.store.memory.InMemoryMachineStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Runs the store contract against the embedded in-memory store, on a clock at the contract's time (retention). */
class InMemoryMachineStoreTest extends MachineStoreContract {

  @Override
  MachineStore newStore() {
    return new InMemoryMachineStore(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
        StoreConfig.DEFAULT_MEMORY_MAX_EVENTS);
  }
}
