package io.gympulse.gateway.store.dynamodb;

import static io.gympulse.gateway.store.dynamodb.Attributes.doubleValue;
import static io.gympulse.gateway.store.dynamodb.Attributes.longValue;
import static io.gympulse.gateway.store.dynamodb.Attributes.n;
import static io.gympulse.gateway.store.dynamodb.Attributes.s;
import static io.gympulse.gateway.store.dynamodb.Attributes.string;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.store.HistoryCursor;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.InvalidCursorException;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.Retention;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The production {@link MachineStore} on DynamoDB (async SDK client on Netty).
 *
 * <ul>
 *   <li>{@code current-state}: a conditional PutItem, so only a newer state (timestamp, seq, then since) wins,
 *       safe with several gateway instances writing; one in flight per machine, later states coalesced behind it
 *       ({@link CurrentStateWrites});</li>
 *   <li>{@code events}: items coalesced into BatchWriteItem requests, keyed (machineId, timestamp ms) so a
 *       re-delivered transition overwrites itself; TTL 30 days;</li>
 *   <li>history: a key-condition Query, newest first, paged with an opaque cursor, never a scan.</li>
 * </ul>
 */
public final class DynamoMachineStore implements MachineStore {

  private static final String NEWER_STATE_CONDITION = "attribute_not_exists(machineId) OR #ts < :ts"
      + " OR (#ts = :ts AND #seq < :seq) OR (#ts = :ts AND #seq = :seq AND #since <= :since)";

  private final DynamoDbAsyncClient client;
  private final String currentStateTable;
  private final String eventsTable;
  private final EventBatchWriter events;
  private final CurrentStateWrites currentStates = new CurrentStateWrites(this::putIfNewer);
  /** Where this store's SDK calls run: the SDK marshals and signs on the calling thread, which must not be the live-state writer's. */
  private final Context context;

  public DynamoMachineStore(Vertx vertx, DynamoDbAsyncClient client, DynamoTables tables, long coalesceMillis) {
    this.client = client;
    this.currentStateTable = tables.name(DynamoTables.CURRENT_STATE);
    this.eventsTable = tables.name(DynamoTables.EVENTS);
    this.events = new EventBatchWriter(vertx, client, eventsTable, List.of("machineId", "timestamp"), coalesceMillis, 8);
    this.context = events.context();
  }

  @Override
  public Future<Void> recordTransition(MachineEvent event, MachineState state) {
    Promise<Void> recorded = Promise.promise();
    context.runOnContext(v -> Future.all(events.put(eventItem(event)), currentStates.put(state)).<Void>mapEmpty().onComplete(recorded));
    return recorded.future();
  }

  private Future<Void> putIfNewer(MachineState state) {
    Map<String, AttributeValue> values = Map.of(":ts", n(state.timestamp()), ":seq", n(state.seq()),
        ":since", n(state.since()));
    return SdkFutures.onCaller(client.putItem(b -> b.tableName(currentStateTable).item(stateItem(state))
            .conditionExpression(NEWER_STATE_CONDITION)
            .expressionAttributeNames(Map.of("#ts", "timestamp", "#seq", "seq", "#since", "since"))
            .expressionAttributeValues(values)))
        .<Void>mapEmpty()
        // a newer state is already stored (another instance, or a later write that landed first): done
        .recover(e -> e instanceof ConditionalCheckFailedException ? Future.succeededFuture() : Future.failedFuture(e));
  }

  @Override
  public Future<List<MachineState>> loadCurrentStates() {
    // strongly consistent: an instance catching up must see what another stored a moment ago
    return Pages.scan(startKey -> client.scan(b -> b.tableName(currentStateTable).consistentRead(true)
            .exclusiveStartKey(startKey)),
        DynamoMachineStore::state);
  }

  @Override
  public Future<HistoryPage> history(HistoryQuery query) {
    long upper;
    try {
      upper = query.cursor().map(HistoryCursor::decode).map(sk -> Math.min(sk - 1, query.toMillis())).orElse(query.toMillis());
    } catch (InvalidCursorException e) {
      return Future.failedFuture(e);
    }
    if (upper < query.fromMillis()) {
      return Future.succeededFuture(new HistoryPage(List.of(), Optional.empty()));
    }
    // One item more than the page tells whether another page exists, so the last page has no cursor.
    QueryRequest request = QueryRequest.builder().tableName(eventsTable)
        .keyConditionExpression("machineId = :m AND #ts BETWEEN :from AND :to")
        .expressionAttributeNames(Map.of("#ts", "timestamp"))
        .expressionAttributeValues(Map.of(":m", s(query.machineId()), ":from", n(query.fromMillis()), ":to", n(upper)))
        .scanIndexForward(false)
        .limit(query.limit() + 1)
        .build();
    return SdkFutures.onCaller(client.query(request)).map(response -> {
      List<MachineEvent> page = response.items().stream().limit(query.limit()).map(DynamoMachineStore::event).toList();
      boolean more = response.items().size() > query.limit()
          || (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && page.size() == query.limit());
      Optional<String> next = more && !page.isEmpty()
          ? Optional.of(HistoryCursor.encode(page.get(page.size() - 1).timestampMillis())) : Optional.empty();
      return new HistoryPage(page, next);
    });
  }

  /** The client is shared and closed by whoever built it; nothing else to release. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  static Map<String, AttributeValue> eventItem(MachineEvent event) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("machineId", s(event.machineId()));
    item.put("timestamp", n(event.timestampMillis()));
    item.put("gymId", s(event.gymId()));
    item.put("category", s(event.category().wireName()));
    item.put("status", s(event.status().wireName()));
    item.put("previousStatus", s(event.previousStatus().wireName()));
    item.put("seq", n(event.seq()));
    item.put("cause", s(event.cause().wireName()));
    item.put(DynamoTables.TTL_ATTRIBUTE, n(event.timestampMillis() / 1000 + Retention.EVENTS.toSeconds()));
    return item;
  }

  static MachineEvent event(Map<String, AttributeValue> item) {
    return new MachineEvent(string(item, "machineId"), longValue(item, "timestamp"), string(item, "gymId"),
        category(string(item, "category")), status(string(item, "status")), status(string(item, "previousStatus")),
        longValue(item, "seq"), ChangeCause.valueOf(string(item, "cause").toUpperCase(Locale.ROOT)));
  }

  static Map<String, AttributeValue> stateItem(MachineState state) {
    return Map.of(
        "machineId", s(state.machineId()),
        "gymId", s(state.gymId()),
        "category", s(state.category().wireName()),
        "status", s(state.status().wireName()),
        "since", n(state.since()),
        "timestamp", n(state.timestamp()),
        "seq", n(state.seq()),
        "lastSeen", n(state.lastSeenMillis()));
  }

  static MachineState state(Map<String, AttributeValue> item) {
    return new MachineState(string(item, "machineId"), string(item, "gymId"), category(string(item, "category")),
        status(string(item, "status")), doubleValue(item, "since"), doubleValue(item, "timestamp"),
        longValue(item, "seq"), longValue(item, "lastSeen"));
  }

  private static Category category(String wireName) {
    return Category.parse(wireName).orElseThrow(() -> new IllegalStateException("stored category " + wireName));
  }

  private static MachineStatus status(String wireName) {
    return MachineStatus.parse(wireName).orElseThrow(() -> new IllegalStateException("stored status " + wireName));
  }
}
