package io.gympulse.gateway.store;

import io.gympulse.gateway.fanout.ConnectionStore;
import io.gympulse.gateway.testing.DynamoStoresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the connections contract against the DynamoDB table (GSIs on userId and instanceId) on dynalite. */
class DynamoConnectionStoreTest extends ConnectionStoreContract {

  @RegisterExtension
  static final DynamoStoresExtension DYNAMO = new DynamoStoresExtension();

  @Override
  ConnectionStore newStore() {
    return DYNAMO.newStores().connections();
  }
}
