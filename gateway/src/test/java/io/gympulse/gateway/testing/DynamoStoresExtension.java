package io.gympulse.gateway.testing;

import io.gympulse.gateway.app.Stores;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One dynalite and one Vert.x for a test class (register it as a static field), and fresh DynamoDB
 * stores per call: what the store contract suites run against.
 */
public final class DynamoStoresExtension implements BeforeAllCallback, AfterAllCallback {

  private DynamoFixture dynamo;
  private Vertx vertx;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dynamo = DynamoFixture.start();
    vertx = Vertx.vertx();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    dynamo.close();
  }

  /** Stores on tables of a new environment, so tests never see each other's rows. */
  public Stores newStores() {
    return dynamo.stores(vertx, dynamo.newTables());
  }
}
