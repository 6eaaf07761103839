package io.gympulse.gateway.store.dynamodb;

import static io.gympulse.gateway.store.dynamodb.Attributes.longValue;
import static io.gympulse.gateway.store.dynamodb.Attributes.n;
import static io.gympulse.gateway.store.dynamodb.Attributes.s;
import static io.gympulse.gateway.store.dynamodb.Attributes.string;

import io.gympulse.gateway.fanout.ConnectionRecord;
import io.gympulse.gateway.fanout.ConnectionStore;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@code connections} table on DynamoDB: PK {@code connectionId}, GSIs on {@code userId} and {@code instanceId}. */
public final class DynamoConnectionStore implements ConnectionStore {

  private final DynamoDbAsyncClient client;
  private final String table;

  public DynamoConnectionStore(DynamoDbAsyncClient client, DynamoTables tables) {
    this.client = client;
    this.table = tables.name(DynamoTables.CONNECTIONS);
  }

  @Override
  public Future<Void> put(ConnectionRecord record) {
    return SdkFutures.onCaller(client.putItem(b -> b.tableName(table).item(item(record)))).mapEmpty();
  }

  @Override
  public Future<Void> delete(String connectionId) {
    return SdkFutures.onCaller(client.deleteItem(b -> b.tableName(table).key(Map.of("connectionId", s(connectionId)))))
        .mapEmpty();
  }

  @Override
  public Future<List<ConnectionRecord>> byInstance(String instanceId) {
    return queryIndex(DynamoTables.CONNECTIONS_BY_INSTANCE, "instanceId", instanceId);
  }

  @Override
  public Future<List<ConnectionRecord>> byUser(String userId) {
    return queryIndex(DynamoTables.CONNECTIONS_BY_USER, "userId", userId);
  }

  private Future<List<ConnectionRecord>> queryIndex(String index, String attribute, String value) {
    return Pages.query(startKey -> client.query(b -> b.tableName(table).indexName(index)
            .keyConditionExpression("#k = :v")
            .expressionAttributeNames(Map.of("#k", attribute))
            .expressionAttributeValues(Map.of(":v", s(value)))
            .exclusiveStartKey(startKey)),
        DynamoConnectionStore::record);
  }

  private static Map<String, AttributeValue> item(ConnectionRecord record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("connectionId", s(record.connectionId()));
    item.put("instanceId", s(record.instanceId()));
    record.userId().ifPresent(user -> item.put("userId", s(user)));
    if (!record.topics().isEmpty()) {
      item.put("topics", AttributeValue.fromSs(List.copyOf(record.topics())));
    }
    item.put("connectedAt", n(record.connectedAtMillis()));
    item.put(DynamoTables.TTL_ATTRIBUTE, n(record.expiresAtSeconds()));
    return item;
  }

  private static ConnectionRecord record(Map<String, AttributeValue> item) {
    AttributeValue topics = item.get("topics");
    return new ConnectionRecord(string(item, "connectionId"), string(item, "instanceId"),
        Optional.ofNullable(string(item, "userId")), topics == null ? Set.of() : Set.copyOf(topics.ss()),
        longValue(item, "connectedAt"), longValue(item, DynamoTables.TTL_ATTRIBUTE));
  }
}
