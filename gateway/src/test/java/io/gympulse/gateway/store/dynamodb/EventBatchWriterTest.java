package io.gympulse.gateway.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Dynalite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem coalescing and the retry of items DynamoDB reports as unprocessed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventBatchWriterTest {

  private Dynalite dynalite;
  private Vertx vertx;
  private DynamoDbAsyncClient client;
  private DynamoTables tables;
  /** Item counts of every BatchWriteItem request sent. */
  private final List<Integer> batches = new CopyOnWriteArrayList<>();
  /** How many more responses report their first three items as unprocessed. */
  private final AtomicInteger partialResponses = new AtomicInteger();
  /** Items reported unprocessed so far. */
  private final AtomicInteger reportedUnprocessed = new AtomicInteger();

  /**
   * Makes responses report items as unprocessed, as DynamoDB does when a partition is hot. dynalite wrote
   * them anyway; the writer cannot know and must send them again (puts are idempotent).
   */
  private final class PartialSuccess implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      if (request instanceof BatchWriteItemRequest batch) {
        batches.add(batch.requestItems().values().stream().mapToInt(List::size).sum());
      }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
      if (context.response() instanceof BatchWriteItemResponse && context.request() instanceof BatchWriteItemRequest request
          && partialResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        Map<String, List<WriteRequest>> unprocessed = new HashMap<>();
        request.requestItems().forEach((table, writes) -> unprocessed.put(table, writes.subList(0, Math.min(3, writes.size()))));
        unprocessed.values().forEach(writes -> reportedUnprocessed.addAndGet(writes.size()));
        return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
      }
      return context.response();
    }
  }

  @BeforeEach
  void start() throws Exception {
    dynalite = Dynalite.start();
    vertx = Vertx.vertx();
    client = DynamoClients.builder(Optional.of(dynalite.endpoint()), "eu-west-1")
        .overrideConfiguration(o -> o.addExecutionInterceptor(new PartialSuccess())).build();
    tables = new DynamoTables("batch");
    tables.createMissing(vertx, client).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    dynalite.close();
  }

  private EventBatchWriter writer() {
    return new EventBatchWriter(vertx, client, tables.name(DynamoTables.EVENTS), List.of("machineId", "timestamp"), 20, 8);
  }

  private static Map<String, AttributeValue> item(int i) {
    return Map.of("machineId", AttributeValue.fromS("m-" + (i % 5)), "timestamp", AttributeValue.fromN(Integer.toString(i)),
        "status", AttributeValue.fromS("free"));
  }

  private int storedItems() throws Exception {
    return client.scan(b -> b.tableName(tables.name(DynamoTables.EVENTS))).get(5, TimeUnit.SECONDS).count();
  }

  /** Verifies that items reported unprocessed are sent again and their futures succeed only then. */
  @Test
  void unprocessedItemsAreRetried() throws Exception {
    partialResponses.set(2);
    EventBatchWriter writer = writer();
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      writes.add(writer.put(item(i)));
    }
    Future.all(writes).await(20, TimeUnit.SECONDS);

    assertEquals(10, storedItems());
    assertEquals(10, batches.get(0), "items arriving together share one request");
    assertTrue(reportedUnprocessed.get() >= 4, "both partial responses happened");
    // retries regroup as their jittered backoffs expire, so count items rather than requests
    assertEquals(reportedUnprocessed.get(), batches.stream().skip(1).mapToInt(Integer::intValue).sum(),
        "the unprocessed items, and only they, were sent again until accepted");
  }

  /** Verifies that more than 25 items are split into requests of at most 25. */
  @Test
  void batchesNeverExceedTwentyFiveItems() throws Exception {
    EventBatchWriter writer = writer();
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      writes.add(writer.put(item(i)));
    }
    Future.all(writes).await(20, TimeUnit.SECONDS);

    assertEquals(60, storedItems());
    // the sum first: an empty list of requests would pass the bound vacuously
    assertEquals(60, batches.stream().mapToInt(Integer::intValue).sum());
    assertTrue(batches.stream().allMatch(n -> n <= EventBatchWriter.MAX_BATCH), batches.toString());
  }

  /** Verifies that a validation error fails the items at once instead of retrying forever. */
  @Test
  void nonRetryableErrorFailsTheItems() throws Exception {
    EventBatchWriter writer = writer();
    Map<String, AttributeValue> missingSortKey = Map.of("machineId", AttributeValue.fromS("m-1"));
    Future<Void> write = writer.put(missingSortKey);
    try {
      write.await(20, TimeUnit.SECONDS);
    } catch (Exception expected) {
      // the future failed: what we want
    }
    assertTrue(write.failed(), "a malformed item must fail");
    assertEquals(1, batches.size(), "not retried");
  }
}
