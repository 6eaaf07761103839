package io.gympulse.gateway.alerts;

import io.gympulse.gateway.testing.DynamoFixture;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the alert store contract against the DynamoDB alerts table on dynalite. */
class DynamoAlertStoreTest extends AlertStoreContract {

  private static DynamoFixture dynamo;
  private static Vertx vertx;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynamo = DynamoFixture.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    dynamo.close();
  }

  @Override
  AlertStore newStore() {
    return dynamo.stores(vertx, dynamo.newTables()).alerts();
  }
}
