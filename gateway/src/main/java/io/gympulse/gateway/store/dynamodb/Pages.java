package io.gympulse.gateway.store.dynamodb;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Reads every page of a Query or Scan, following LastEvaluatedKey, without blocking. */
final class Pages {

  private Pages() {
  }

  /** Every item of a query; {@code page} issues the request for a start key (null for the first page). */
  static <T> Future<List<T>> query(Function<Map<String, AttributeValue>, CompletableFuture<QueryResponse>> page,
      Function<Map<String, AttributeValue>, T> item) {
    return collect(page, QueryResponse::items, QueryResponse::lastEvaluatedKey, item, null, new ArrayList<>());
  }

  /** Every item of a scan; {@code page} issues the request for a start key (null for the first page). */
  static <T> Future<List<T>> scan(Function<Map<String, AttributeValue>, CompletableFuture<ScanResponse>> page,
      Function<Map<String, AttributeValue>, T> item) {
    return collect(page, ScanResponse::items, ScanResponse::lastEvaluatedKey, item, null, new ArrayList<>());
  }

  private static <R, T> Future<List<T>> collect(Function<Map<String, AttributeValue>, CompletableFuture<R>> page,
      Function<R, List<Map<String, AttributeValue>>> items, Function<R, Map<String, AttributeValue>> lastKey,
      Function<Map<String, AttributeValue>, T> item, Map<String, AttributeValue> startKey, List<T> into) {
    return SdkFutures.onCaller(page.apply(startKey)).compose(response -> {
      items.apply(response).forEach(raw -> into.add(item.apply(raw)));
      Map<String, AttributeValue> next = lastKey.apply(response);
      return next == null || next.isEmpty() ? Future.succeededFuture(List.copyOf(into))
          : collect(page, items, lastKey, item, next, into);
    });
  }
}
