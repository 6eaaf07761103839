package io.gympulse.gateway.store.dynamodb;

import static io.gympulse.gateway.store.dynamodb.Attributes.doubleValue;
import static io.gympulse.gateway.store.dynamodb.Attributes.longValue;
import static io.gympulse.gateway.store.dynamodb.Attributes.n;
import static io.gympulse.gateway.store.dynamodb.Attributes.s;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.store.Retention;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Bins on DynamoDB: PK {@code gymCategory}, SK {@code binStart}, TTL 90 days. A put of the same bin is idempotent. */
public final class DynamoAggregateStore implements AggregateStore {


  private final DynamoDbAsyncClient client;
  private final String table;

  public DynamoAggregateStore(DynamoDbAsyncClient client, DynamoTables tables) {
    this.client = client;
    this.table = tables.name(DynamoTables.AGGREGATES);
  }

  @Override
  public Future<Void> put(OccupancyBin bin) {
    return SdkFutures.onCaller(client.putItem(b -> b.tableName(table).item(item(bin)))).mapEmpty();
  }

  @Override
  public Future<Boolean> putIfAbsent(OccupancyBin bin) {
    return SdkFutures.onCaller(client.putItem(b -> b.tableName(table).item(item(bin))
            .conditionExpression("attribute_not_exists(gymCategory)")))
        .map(written -> true)
        .recover(e -> e instanceof ConditionalCheckFailedException ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private static Map<String, AttributeValue> item(OccupancyBin bin) {
    return Map.of(
        "gymCategory", s(bin.gymCategory()),
        "binStart", n(bin.binStart()),
        "occupiedSeconds", n(bin.occupiedSeconds()),
        "availableSeconds", n(bin.availableSeconds()),
        "freeSeconds", n(bin.freeSeconds()),
        "anyFreeSeconds", n(bin.anyFreeSeconds()),
        "minFree", n(bin.minFree()),
        "maxFree", n(bin.maxFree()),
        "samples", n(bin.samples()),
        DynamoTables.TTL_ATTRIBUTE, n(bin.binStart() + Retention.BINS.toSeconds()));
  }

  @Override
  public Future<List<OccupancyBin>> range(String gymId, Category category, long fromSeconds, long toSeconds) {
    if (fromSeconds >= toSeconds) {
      return Future.succeededFuture(List.of());
    }
    long to = toSeconds - 1;
    return Pages.query(startKey -> client.query(b -> b.tableName(table)
            .keyConditionExpression("gymCategory = :k AND binStart BETWEEN :from AND :to")
            .expressionAttributeValues(Map.of(":k", s(gymId + "#" + category.wireName()), ":from", n(fromSeconds), ":to", n(to)))
            .exclusiveStartKey(startKey)),
        item -> new OccupancyBin(gymId, category, longValue(item, "binStart"), doubleValue(item, "occupiedSeconds"),
            doubleValue(item, "availableSeconds"), doubleValue(item, "freeSeconds"), doubleValue(item, "anyFreeSeconds"),
            (int) longValue(item, "minFree"), (int) longValue(item, "maxFree"), (int) longValue(item, "samples")));
  }
}
