package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.testing.DynamoFixture;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the aggregates contract against the DynamoDB aggregates table on dynalite. */
class DynamoAggregateStoreTest extends AggregateStoreContract {

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
  AggregateStore newStore() {
    return dynamo.stores(vertx, dynamo.newTables()).aggregates();
  }
}
