package io.gympulse.gateway.store;

import io.gympulse.gateway.testing.DynamoStoresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the store contract against the DynamoDB store, through the real SDK, on dynalite; each test gets tables of its own. */
class DynamoMachineStoreTest extends MachineStoreContract {

  @RegisterExtension
  static final DynamoStoresExtension DYNAMO = new DynamoStoresExtension();

  @Override
  MachineStore newStore() {
    return DYNAMO.newStores().machines();
  }
}
