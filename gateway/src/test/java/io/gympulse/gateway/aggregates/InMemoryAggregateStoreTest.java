package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Runs the aggregates contract against the in-memory store, on a clock at the contract's time (retention). */
class InMemoryAggregateStoreTest extends AggregateStoreContract {

  @Override
  AggregateStore newStore() {
    return new InMemoryAggregateStore(Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC));
  }
}
