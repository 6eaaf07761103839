package io.gympulse.gateway.store.dynamodb;

import io.gympulse.gateway.store.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items to one table with BatchWriteItem: items arriving within {@code coalesceMillis} share a
 * request (at most 25, the DynamoDB limit); unprocessed items and throttled or failed requests are
 * retried with full-jitter exponential backoff, up to {@code maxAttempts}. Each item's future succeeds
 * once DynamoDB has accepted it. Items must be idempotent puts (same key, same content).
 *
 * <p>Confined to one Vert.x context: callers on any thread hop onto it, so no locks are needed.
 */
final class EventBatchWriter {

  static final int MAX_BATCH = 25;
  private static final Logger LOG = LoggerFactory.getLogger(EventBatchWriter.class);
  private static final Backoff BACKOFF = new Backoff(25, 2_000);

  private final Vertx vertx;
  private final Context context;
  private final DynamoDbAsyncClient client;
  private final String table;
  private final List<String> keyAttributes;
  private final long coalesceMillis;
  private final int maxAttempts;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean flushScheduled;

  /** An item waiting to be written, with its attempt count and the promise of its caller. */
  private record Pending(Map<String, AttributeValue> item, Promise<Void> done, int attempt) {
  }

  EventBatchWriter(Vertx vertx, DynamoDbAsyncClient client, String table, List<String> keyAttributes,
      long coalesceMillis, int maxAttempts) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.table = table;
    this.keyAttributes = List.copyOf(keyAttributes);
    this.coalesceMillis = coalesceMillis;
    this.maxAttempts = maxAttempts;
  }

  /** The context this writer is confined to; the store issues its other SDK calls there too. */
  Context context() {
    return context;
  }

  /** Queues an item; the future completes (on this writer's context) once DynamoDB accepted it. */
  Future<Void> put(Map<String, AttributeValue> item) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> enqueue(new Pending(item, done, 0)));
    return done.future();
  }

  private void enqueue(Pending pending) {
    queue.add(pending);
    if (queue.size() >= MAX_BATCH) {
      flush();
    } else {
      scheduleFlush();
    }
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      vertx.setTimer(coalesceMillis, id -> {
        flushScheduled = false;
        flush();
      });
    }
  }

  private void flush() {
    while (!queue.isEmpty()) {
      // BatchWriteItem refuses two requests for one key: a later duplicate waits for the next batch.
      Map<List<String>, Pending> batch = new LinkedHashMap<>();
      List<Pending> deferred = new ArrayList<>();
      while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
        Pending next = queue.poll();
        if (batch.putIfAbsent(key(next.item()), next) != null) {
          deferred.add(next);
        }
      }
      send(new ArrayList<>(batch.values()));
      if (!deferred.isEmpty()) {
        deferred.forEach(queue::addFirst);
        scheduleFlush();
        return;
      }
    }
  }

  private List<String> key(Map<String, AttributeValue> item) {
    return keyAttributes.stream().map(k -> String.valueOf(item.get(k))).toList();
  }

  private void send(List<Pending> batch) {
    List<WriteRequest> writes = batch.stream()
        .map(p -> WriteRequest.builder().putRequest(PutRequest.builder().item(p.item()).build()).build())
        .toList();
    SdkFutures.onCaller(client.batchWriteItem(b -> b.requestItems(Map.of(table, writes))))
        .onComplete(result -> context.runOnContext(v -> {
          if (result.succeeded()) {
            settle(batch, result.result());
          } else {
            batch.forEach(p -> retryOrFail(p, result.cause()));
          }
        }));
  }

  private void settle(List<Pending> batch, BatchWriteItemResponse response) {
    List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
    List<List<String>> unprocessedKeys = unprocessed.stream().map(w -> key(w.putRequest().item())).toList();
    for (Pending pending : batch) {
      if (unprocessedKeys.contains(key(pending.item()))) {
        retryOrFail(pending, null);
      } else {
        pending.done().complete();
      }
    }
  }

  private void retryOrFail(Pending pending, Throwable error) {
    boolean retryable = error == null || isRetryable(error);
    if (!retryable || pending.attempt() + 1 >= maxAttempts) {
      pending.done().fail(error != null ? error
          : new IllegalStateException("item still unprocessed after " + maxAttempts + " attempts"));
      return;
    }
    long backoff = BACKOFF.delayMillis(pending.attempt());
    LOG.debug("retrying batch item [table: {}, attempt: {}, in: {} ms, reason: {}]", table, pending.attempt() + 1,
        backoff, error == null ? "unprocessed" : error.toString());
    vertx.setTimer(backoff, id -> enqueue(new Pending(pending.item(), pending.done(), pending.attempt() + 1)));
  }

  /** Throttling, server errors and connection failures are worth retrying; validation errors are not. */
  static boolean isRetryable(Throwable error) {
    if (error instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return error instanceof SdkClientException || error instanceof java.io.IOException;
  }
}
