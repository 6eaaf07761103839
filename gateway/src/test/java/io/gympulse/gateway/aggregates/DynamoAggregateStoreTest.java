package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.testing.DynamoStoresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the aggregates contract against the DynamoDB aggregates table on dynalite. */
class DynamoAggregateStoreTest extends AggregateStoreContract {

  @RegisterExtension
  static final DynamoStoresExtension DYNAMO = new DynamoStoresExtension();

  @Override
  AggregateStore newStore() {
    return DYNAMO.newStores().aggregates();
  }
}
