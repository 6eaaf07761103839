package io.gympulse.gateway.testing;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** dynalite plus one SDK client, and fresh sets of the five tables for gateways under test. */
public final class DynamoFixture implements AutoCloseable {

  private static final AtomicInteger ENVIRONMENTS = new AtomicInteger();

  private final Dynalite dynalite;
  private final DynamoDbAsyncClient client;

  private DynamoFixture(Dynalite dynalite) {
    this.dynalite = dynalite;
    this.client = dynalite.client();
  }

  public static DynamoFixture start() throws Exception {
    return new DynamoFixture(Dynalite.start());
  }

  public Dynalite dynalite() {
    return dynalite;
  }

  public DynamoDbAsyncClient client() {
    return client;
  }

  /** Tables of a new environment, so tests never see each other's rows. */
  public DynamoTables newTables() {
    return new DynamoTables("test" + ENVIRONMENTS.incrementAndGet());
  }

  /** Stores on {@code tables} (created if missing) sharing this fixture's client, which they do not close. */
  public Stores stores(Vertx vertx, DynamoTables tables) {
    try {
      Stores stores = Stores.dynamo(vertx, client, tables, true, 2).await(30, TimeUnit.SECONDS);
      return new Stores(stores.machines(), stores.connections(), stores.alerts(), stores.aggregates(), () -> { });
    } catch (Exception e) {
      throw new AssertionError("could not open DynamoDB stores", e);
    }
  }

  @Override
  public void close() {
    client.close();
    dynalite.close();
  }
}
