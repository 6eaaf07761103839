package io.gympulse.gateway.store.dynamodb;

import static io.gympulse.gateway.store.dynamodb.Attributes.longValue;
import static io.gympulse.gateway.store.dynamodb.Attributes.n;
import static io.gympulse.gateway.store.dynamodb.Attributes.s;
import static io.gympulse.gateway.store.dynamodb.Attributes.string;

import io.gympulse.gateway.alerts.Alert;
import io.gympulse.gateway.alerts.AlertStore;
import io.gympulse.gateway.alerts.AlertTarget;
import io.gympulse.gateway.alerts.QuietHours;
import io.gympulse.gateway.catalog.Category;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Alerts on DynamoDB: PK {@code userId}, SK {@code alertId}, {@code targetKey} for the {@code byTarget}
 * index, {@code expiresAt} (epoch seconds) as TTL so DynamoDB removes expired alerts by itself.
 */
public final class DynamoAlertStore implements AlertStore {

  private final DynamoDbAsyncClient client;
  private final String table;

  public DynamoAlertStore(DynamoDbAsyncClient client, DynamoTables tables) {
    this.client = client;
    this.table = tables.name(DynamoTables.ALERTS);
  }

  @Override
  public Future<Void> put(Alert alert) {
    return SdkFutures.onCaller(client.putItem(b -> b.tableName(table).item(item(alert)))).mapEmpty();
  }

  @Override
  public Future<Boolean> claimFiring(Alert seen, Instant firedAt) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":fired", n(firedAt.toEpochMilli()));
    String unchanged = seen.firedAt().map(previous -> {
      values.put(":previous", n(previous.toEpochMilli()));
      return "firedAtMs = :previous";
    }).orElse("attribute_not_exists(firedAtMs)");
    return SdkFutures.onCaller(client.updateItem(b -> b.tableName(table)
            .key(Map.of("userId", s(seen.userId()), "alertId", s(seen.alertId())))
            .updateExpression("SET firedAtMs = :fired")
            .conditionExpression("attribute_exists(alertId) AND " + unchanged)
            .expressionAttributeValues(values)))
        .map(updated -> true)
        .recover(e -> e instanceof ConditionalCheckFailedException ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  @Override
  public Future<Optional<Alert>> get(String userId, String alertId) {
    return SdkFutures.onCaller(client.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of("userId", s(userId), "alertId", s(alertId)))))
        .map(response -> response.hasItem() && !response.item().isEmpty() ? Optional.of(alert(response.item())) : Optional.empty());
  }

  @Override
  public Future<List<Alert>> byUser(String userId) {
    return Pages.query(startKey -> client.query(b -> b.tableName(table).consistentRead(true)
            .keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", s(userId)))
            .exclusiveStartKey(startKey)),
        DynamoAlertStore::alert);
  }

  @Override
  public Future<Void> delete(String userId, String alertId) {
    return SdkFutures.onCaller(client.deleteItem(b -> b.tableName(table)
        .key(Map.of("userId", s(userId), "alertId", s(alertId))))).mapEmpty();
  }

  /** A scan, at start-up only: every alert must be indexed in memory anyway. */
  @Override
  public Future<List<Alert>> loadAll() {
    return Pages.scan(startKey -> client.scan(b -> b.tableName(table).exclusiveStartKey(startKey)), DynamoAlertStore::alert);
  }

  private static Map<String, AttributeValue> item(Alert alert) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("userId", s(alert.userId()));
    item.put("alertId", s(alert.alertId()));
    item.put("targetKey", s(alert.target().key()));
    item.put("gymId", s(alert.target().gymId()));
    item.put("category", s(alert.target().category().wireName()));
    if (alert.target().isMachine()) {
      item.put("machineId", s(alert.target().machineId()));
    }
    alert.quietHours().ifPresent(quiet -> {
      item.put("quietStart", s(quiet.start().toString()));
      item.put("quietEnd", s(quiet.end().toString()));
    });
    item.put("createdAtMs", n(alert.createdAt().toEpochMilli()));
    item.put("expiresAtMs", n(alert.expiresAt().toEpochMilli()));
    // TTL in whole seconds, rounded up so DynamoDB never removes an alert before it expires
    item.put(DynamoTables.TTL_ATTRIBUTE, n((alert.expiresAt().toEpochMilli() + 999) / 1000));
    item.put("oneShot", AttributeValue.fromBool(alert.oneShot()));
    item.put("cooldownSeconds", n(alert.cooldown().toSeconds()));
    alert.firedAt().ifPresent(fired -> item.put("firedAtMs", n(fired.toEpochMilli())));
    return item;
  }

  private static Alert alert(Map<String, AttributeValue> item) {
    Category category = Category.parse(string(item, "category")).orElseThrow();
    String machineId = string(item, "machineId");
    AlertTarget target = machineId == null ? AlertTarget.category(string(item, "gymId"), category)
        : AlertTarget.machine(machineId, string(item, "gymId"), category);
    Optional<QuietHours> quiet = item.containsKey("quietStart")
        ? Optional.of(new QuietHours(LocalTime.parse(string(item, "quietStart")), LocalTime.parse(string(item, "quietEnd"))))
        : Optional.empty();
    return new Alert(string(item, "alertId"), string(item, "userId"), target, quiet,
        Instant.ofEpochMilli(longValue(item, "createdAtMs")), Instant.ofEpochMilli(longValue(item, "expiresAtMs")),
        item.get("oneShot").bool(), Duration.ofSeconds(longValue(item, "cooldownSeconds")),
        item.containsKey("firedAtMs") ? Optional.of(Instant.ofEpochMilli(longValue(item, "firedAtMs"))) : Optional.empty());
  }
}
