package io.gympulse.gateway.store;

import io.gympulse.gateway.store.dynamodb.DynamoMachineStore;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.testing.Dynalite;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** Runs the store contract against the DynamoDB store, through the real SDK, on dynalite. */
class DynamoMachineStoreTest extends MachineStoreContract {

  private static final AtomicInteger ENVIRONMENTS = new AtomicInteger();
  private static Dynalite dynalite;
  private static Vertx vertx;
  private static DynamoDbAsyncClient client;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynalite = Dynalite.start();
    vertx = Vertx.vertx();
    client = dynalite.client();
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    dynalite.close();
  }

  /** Each test gets its own tables (a fresh environment suffix), so tests cannot see each other's data. */
  @Override
  MachineStore newStore() {
    DynamoTables tables = new DynamoTables("contract" + ENVIRONMENTS.incrementAndGet());
    try {
      tables.createMissing(vertx, client).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not create tables", e);
    }
    return new DynamoMachineStore(vertx, client, tables, 2);
  }
}
