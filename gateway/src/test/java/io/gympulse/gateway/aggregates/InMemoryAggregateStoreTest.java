package io.gympulse.gateway.aggregates;

/** Runs the aggregates contract against the in-memory store. */
class InMemoryAggregateStoreTest extends AggregateStoreContract {

  @Override
  AggregateStore newStore() {
    return new InMemoryAggregateStore();
  }
}
