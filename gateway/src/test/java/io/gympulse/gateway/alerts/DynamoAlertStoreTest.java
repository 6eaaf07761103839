package io.gympulse.gateway.alerts;

import io.gympulse.gateway.testing.DynamoStoresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the alert store contract against the DynamoDB alerts table on dynalite. */
class DynamoAlertStoreTest extends AlertStoreContract {

  @RegisterExtension
  static final DynamoStoresExtension DYNAMO = new DynamoStoresExtension();

  @Override
  AlertStore newStore() {
    return DYNAMO.newStores().alerts();
  }
}
