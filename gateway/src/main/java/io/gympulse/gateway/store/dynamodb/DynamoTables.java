package io.gympulse.gateway.store.dynamodb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The five tables of the design, named {@code gym-pulse-<table>-<env>}: their keys, indexes and TTL
 * attribute; a start-up check that they exist; and, for local and dev use only, their creation (in AWS
 * the Pulumi program owns them).
 */
public final class DynamoTables {

  public static final String CURRENT_STATE = "current-state";
  public static final String EVENTS = "events";
  public static final String AGGREGATES = "aggregates";
  public static final String ALERTS = "alerts";
  public static final String CONNECTIONS = "connections";
  /** Every table's TTL attribute, epoch seconds. */
  public static final String TTL_ATTRIBUTE = "expiresAt";
  public static final String CONNECTIONS_BY_USER = "byUser";
  public static final String CONNECTIONS_BY_INSTANCE = "byInstance";
  public static final String ALERTS_BY_TARGET = "byTarget";

  private static final Logger LOG = LoggerFactory.getLogger(DynamoTables.class);
  /** The five tables; the Pulumi program's test compares its tables with {@link #definition} of each. */
  public static final List<String> ALL = List.of(CURRENT_STATE, EVENTS, AGGREGATES, ALERTS, CONNECTIONS);

  private final String environment;

  public DynamoTables(String environment) {
    this.environment = environment;
  }

  public String name(String table) {
    return "gym-pulse-" + table + "-" + environment;
  }

  /** Fails, naming every missing table, unless all five exist. */
  public Future<Void> verify(DynamoDbAsyncClient client) {
    List<Future<String>> missing = new ArrayList<>();
    for (String table : ALL) {
      missing.add(SdkFutures.onCaller(client.describeTable(b -> b.tableName(name(table))))
          .map(found -> (String) null)
          .recover(e -> e instanceof ResourceNotFoundException ? Future.succeededFuture(name(table)) : Future.failedFuture(e)));
    }
    return Future.all(missing).compose(results -> {
      List<String> absent = results.<String>list().stream().filter(n -> n != null).toList();
      return absent.isEmpty() ? Future.succeededFuture() : Future.failedFuture(new IllegalStateException(
          "DynamoDB tables missing: " + String.join(", ", absent)
              + " (set CREATE_TABLES=true for local/dev use; in AWS the Pulumi program creates them)"));
    });
  }

  /** Creates missing tables and waits until they are active; tolerates endpoints without TTL support. */
  public Future<Void> createMissing(Vertx vertx, DynamoDbAsyncClient client) {
    List<Future<Void>> created = new ArrayList<>();
    for (String table : ALL) {
      created.add(SdkFutures.onCaller(client.describeTable(b -> b.tableName(name(table)))).<Void>mapEmpty()
          .recover(e -> e instanceof ResourceNotFoundException ? create(vertx, client, table) : Future.failedFuture(e)));
    }
    return Future.all(created).mapEmpty();
  }

  private Future<Void> create(Vertx vertx, DynamoDbAsyncClient client, String table) {
    LOG.info("creating DynamoDB table [table: {}]", name(table));
    return SdkFutures.onCaller(client.createTable(definition(table)))
        .compose(created -> awaitActive(vertx, client, name(table), 0))
        .compose(active -> hasTtl(table) ? enableTtl(client, table) : Future.succeededFuture());
  }

  /** Whether items of the table expire by {@link #TTL_ATTRIBUTE}: all but the current state. */
  public static boolean hasTtl(String table) {
    return !table.equals(CURRENT_STATE);
  }

  private Future<Void> awaitActive(Vertx vertx, DynamoDbAsyncClient client, String tableName, int attempt) {
    // Polls every 100 ms on a Vert.x timer: the SDK's waiter sleeps 20 s before its first look.
    return SdkFutures.onCaller(client.describeTable(b -> b.tableName(tableName))).compose(described -> {
      if (described.table().tableStatus() == TableStatus.ACTIVE) {
        return Future.succeededFuture();
      }
      if (attempt > 600) {
        return Future.failedFuture(new IllegalStateException("table " + tableName + " did not become active"));
      }
      return vertx.timer(100, TimeUnit.MILLISECONDS).compose(t -> awaitActive(vertx, client, tableName, attempt + 1));
    });
  }

  private Future<Void> enableTtl(DynamoDbAsyncClient client, String table) {
    return SdkFutures.onCaller(client.updateTimeToLive(b -> b.tableName(name(table))
            .timeToLiveSpecification(ttl -> ttl.attributeName(TTL_ATTRIBUTE).enabled(true))))
        .<Void>mapEmpty()
        .recover(e -> {
          if (e instanceof DynamoDbException dynamo && dynamo.awsErrorDetails() != null
              && "UnknownOperationException".equals(dynamo.awsErrorDetails().errorCode())) {
            // dynalite has no UpdateTimeToLive; items carry expiresAt anyway and AWS expires them.
            LOG.info("endpoint does not support TTL; items still carry {} [table: {}]", TTL_ATTRIBUTE, name(table));
            return Future.succeededFuture();
          }
          return Future.failedFuture(e);
        });
  }

  /** The table's keys, indexes, billing and encryption, as created here; its TTL attribute is {@link #hasTtl}'s. */
  public CreateTableRequest definition(String table) {
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(name(table))
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .sseSpecification(sse -> sse.enabled(true));
    return switch (table) {
      case CURRENT_STATE -> request.keySchema(hash("machineId")).attributeDefinitions(string("machineId")).build();
      case EVENTS -> request.keySchema(hash("machineId"), range("timestamp"))
          .attributeDefinitions(string("machineId"), number("timestamp")).build();
      case AGGREGATES -> request.keySchema(hash("gymCategory"), range("binStart"))
          .attributeDefinitions(string("gymCategory"), number("binStart")).build();
      case ALERTS -> request.keySchema(hash("userId"), range("alertId"))
          .attributeDefinitions(string("userId"), string("alertId"), string("targetKey"))
          .globalSecondaryIndexes(index(ALERTS_BY_TARGET, "targetKey")).build();
      case CONNECTIONS -> request.keySchema(hash("connectionId"))
          .attributeDefinitions(string("connectionId"), string("userId"), string("instanceId"))
          .globalSecondaryIndexes(index(CONNECTIONS_BY_USER, "userId"), index(CONNECTIONS_BY_INSTANCE, "instanceId"))
          .build();
      default -> throw new IllegalArgumentException("unknown table " + table);
    };
  }

  private static GlobalSecondaryIndex index(String name, String hashKey) {
    return GlobalSecondaryIndex.builder().indexName(name).keySchema(hash(hashKey))
        .projection(p -> p.projectionType(ProjectionType.ALL)).build();
  }

  private static KeySchemaElement hash(String attribute) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String attribute) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(KeyType.RANGE).build();
  }

  private static AttributeDefinition string(String attribute) {
    return AttributeDefinition.builder().attributeName(attribute).attributeType(ScalarAttributeType.S).build();
  }

  private static AttributeDefinition number(String attribute) {
    return AttributeDefinition.builder().attributeName(attribute).attributeType(ScalarAttributeType.N).build();
  }
}
