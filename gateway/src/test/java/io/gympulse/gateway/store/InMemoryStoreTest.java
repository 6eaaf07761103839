package io.gympulse.gateway.store;

import io.gympulse.gateway.config.StoreConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Runs the store contract against the embedded in-memory store, on a clock at the contract's time (retention). */
class InMemoryStoreTest extends MachineStoreContract {

  @Override
  MachineStore newStore() {
    return new InMemoryStore(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
        StoreConfig.DEFAULT_MEMORY_MAX_EVENTS);
  }
}
