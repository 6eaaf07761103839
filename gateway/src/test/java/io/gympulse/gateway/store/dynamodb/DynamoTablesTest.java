package io.gympulse.gateway.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Dynalite;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The five tables of the design, on dynalite through the real SDK. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamoTablesTest {

  private static Dynalite dynalite;
  private static Vertx vertx;
  private static DynamoDbAsyncClient client;

  @BeforeAll
  static void start() throws Exception {
    dynalite = Dynalite.start();
    vertx = Vertx.vertx();
    client = dynalite.client();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    dynalite.close();
  }

  private static TableDescription describe(DynamoTables tables, String table) throws Exception {
    return client.describeTable(b -> b.tableName(tables.name(table))).get(5, TimeUnit.SECONDS).table();
  }

  private static String keys(TableDescription table) {
    return table.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyType()).toList().toString();
  }

  /** Verifies that created tables carry the design's names, keys and secondary indexes, on demand. */
  @Test
  void createdTablesMatchTheDesign() throws Exception {
    DynamoTables tables = new DynamoTables("design");
    tables.createMissing(vertx, client).await(30, TimeUnit.SECONDS);

    assertEquals("gym-pulse-events-design", tables.name(DynamoTables.EVENTS));
    assertEquals("[machineId:HASH]", keys(describe(tables, DynamoTables.CURRENT_STATE)));
    assertEquals("[machineId:HASH, timestamp:RANGE]", keys(describe(tables, DynamoTables.EVENTS)));
    assertEquals("[gymCategory:HASH, binStart:RANGE]", keys(describe(tables, DynamoTables.AGGREGATES)));
    assertEquals("[userId:HASH, alertId:RANGE]", keys(describe(tables, DynamoTables.ALERTS)));
    assertEquals("[connectionId:HASH]", keys(describe(tables, DynamoTables.CONNECTIONS)));
    assertEquals(List.of(DynamoTables.ALERTS_BY_TARGET),
        describe(tables, DynamoTables.ALERTS).globalSecondaryIndexes().stream().map(i -> i.indexName()).toList());
    assertEquals(List.of(DynamoTables.CONNECTIONS_BY_USER, DynamoTables.CONNECTIONS_BY_INSTANCE),
        describe(tables, DynamoTables.CONNECTIONS).globalSecondaryIndexes().stream().map(i -> i.indexName()).toList());
  }

  /** Verifies that an aggregates bin and an alert round-trip, the alert also through its target index. */
  @Test
  void aggregatesAndAlertsRoundTrip() throws Exception {
    DynamoTables tables = new DynamoTables("roundtrip");
    tables.createMissing(vertx, client).await(30, TimeUnit.SECONDS);
    Map<String, AttributeValue> bin = Map.of("gymCategory", AttributeValue.fromS("hk-central-caine#legs"),
        "binStart", AttributeValue.fromN("1764149400"), "occupancy", AttributeValue.fromN("0.42"));
    client.putItem(b -> b.tableName(tables.name(DynamoTables.AGGREGATES)).item(bin)).get(5, TimeUnit.SECONDS);
    assertEquals(bin, client.getItem(b -> b.tableName(tables.name(DynamoTables.AGGREGATES))
        .key(Map.of("gymCategory", bin.get("gymCategory"), "binStart", bin.get("binStart")))).get(5, TimeUnit.SECONDS).item());

    Map<String, AttributeValue> alert = Map.of("userId", AttributeValue.fromS("u-1"), "alertId", AttributeValue.fromS("a-1"),
        "targetKey", AttributeValue.fromS("machine#legpress-centralc-01"));
    client.putItem(b -> b.tableName(tables.name(DynamoTables.ALERTS)).item(alert)).get(5, TimeUnit.SECONDS);
    var byTarget = client.query(b -> b.tableName(tables.name(DynamoTables.ALERTS)).indexName(DynamoTables.ALERTS_BY_TARGET)
        .keyConditionExpression("targetKey = :t").expressionAttributeValues(Map.of(":t", alert.get("targetKey"))))
        .get(5, TimeUnit.SECONDS).items();
    assertEquals(List.of(alert), byTarget);
  }

  /** Verifies that start-up verification names every missing table and how to fix it. */
  @Test
  void verifyNamesEveryMissingTable() {
    DynamoTables tables = new DynamoTables("absent");
    Exception missing = assertThrows(Exception.class, () -> tables.verify(client).await(10, TimeUnit.SECONDS));
    for (String table : List.of("current-state", "events", "aggregates", "alerts", "connections")) {
      assertTrue(missing.getMessage().contains("gym-pulse-" + table + "-absent"), missing.getMessage());
    }
    assertTrue(missing.getMessage().contains("CREATE_TABLES=true"), missing.getMessage());
  }
}
