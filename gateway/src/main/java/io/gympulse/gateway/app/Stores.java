package io.gympulse.gateway.app;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.alerts.AlertStore;
import io.gympulse.gateway.config.StoreConfig;
import io.gympulse.gateway.config.StoreKind;
import io.gympulse.gateway.fanout.ConnectionStore;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.dynamodb.DynamoAggregateStore;
import io.gympulse.gateway.store.dynamodb.DynamoAlertStore;
import io.gympulse.gateway.store.dynamodb.DynamoClients;
import io.gympulse.gateway.store.dynamodb.DynamoConnectionStore;
import io.gympulse.gateway.store.dynamodb.DynamoMachineStore;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryAlertStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;
import io.gympulse.gateway.store.memory.InMemoryMachineStore;
import io.gympulse.gateway.store.memory.RetainingStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The stores a gateway writes to, of one kind, and what closes them. Opening the DynamoDB kind checks
 * that every table exists (or creates missing ones when asked) so a misconfigured deployment stops at
 * start-up with the names of the missing tables.
 *
 * @param onClose releases what the stores share (the DynamoDB client)
 */
public record Stores(MachineStore machines, ConnectionStore connections, AlertStore alerts, AggregateStore aggregates,
    Runnable onClose) {

  /** In-memory stores on the system clock with the default bound. */
  public static Stores inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /** In-memory stores with the default bound, on a gateway's own clock (a test's). */
  public static Stores inMemory(Clock clock) {
    return inMemory(clock, StoreConfig.DEFAULT_MEMORY_MAX_EVENTS);
  }

  /** In-memory stores: the embedded default; {@code clock} must be the gateway's, as retention is by its time. */
  public static Stores inMemory(Clock clock, int maxEvents) {
    return new Stores(new InMemoryMachineStore(clock, maxEvents), new InMemoryConnectionStore(), new InMemoryAlertStore(),
        new InMemoryAggregateStore(clock), () -> { });
  }

  /** Opens the configured stores; {@code environment} names the DynamoDB tables. */
  public static Future<Stores> open(Vertx vertx, StoreConfig config, String environment, Clock clock) {
    if (config.kind() == StoreKind.MEMORY) {
      return Future.succeededFuture(inMemory(clock, config.memoryMaxEvents()));
    }
    // Building the client loads the SDK and starts its event loops: worker-thread work, like closing it. So is its
    // first request: marshalling and signing load hundreds of classes in the calling thread, which took an event
    // loop 3 s on a busy machine. It is only started here; the tables' check that follows waits for its own.
    return vertx.executeBlocking(() -> {
      DynamoDbAsyncClient client = DynamoClients.create(config.dynamoEndpoint(), config.region());
      client.listTables(request -> request.limit(1)).exceptionally(unreachableYet -> null);
      return client;
    }, false)
        .compose(client -> dynamo(vertx, client, new DynamoTables(environment), config.createTables(),
            config.batchCoalesceMillis())
            .onFailure(e -> closeOnWorker(vertx, client::close)));
  }

  /** DynamoDB stores on an existing client, which {@link #close()} will close. */
  public static Future<Stores> dynamo(Vertx vertx, DynamoDbAsyncClient client, DynamoTables tables,
      boolean createTables, long coalesceMillis) {
    Future<Void> ready = createTables ? tables.createMissing(vertx, client) : tables.verify(client);
    return ready.map(v -> new Stores(new DynamoMachineStore(vertx, client, tables, coalesceMillis),
        new DynamoConnectionStore(client, tables), new DynamoAlertStore(client, tables),
        new DynamoAggregateStore(client, tables), client::close));
  }

  /** The stores that forget by themselves (the in-memory ones; DynamoDB's TTL does it for its tables). */
  public List<RetainingStore> retaining() {
    return Stream.of(machines, connections, alerts, aggregates).filter(RetainingStore.class::isInstance)
        .map(RetainingStore.class::cast).toList();
  }

  /** These stores, also releasing {@code other} when closed: a client the gateway built beside them. */
  public Stores alsoClosing(Runnable other) {
    return new Stores(machines, connections, alerts, aggregates, () -> {
      try {
        other.run();
      } finally {
        onClose.run();
      }
    });
  }

  /** Closes the stores; what they share is released on a worker thread (the SDK client's close blocks). */
  public Future<Void> close(Vertx vertx) {
    return machines.close().eventually(() -> closeOnWorker(vertx, onClose));
  }

  /** Runs a blocking close (an SDK client's waits for its threads) on a worker thread, never an event loop. */
  public static Future<Void> closeOnWorker(Vertx vertx, Runnable close) {
    return vertx.executeBlocking(() -> {
      close.run();
      return null;
    }, false);
  }
}
