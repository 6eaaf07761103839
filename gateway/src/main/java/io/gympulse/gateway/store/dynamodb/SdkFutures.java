package io.gympulse.gateway.store.dynamodb;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Bridges SDK futures into Vert.x futures on the caller's context, never blocking it. */
final class SdkFutures {

  private SdkFutures() {
  }

  /**
   * Completes on the calling Vert.x context (or on the SDK's thread when called from outside Vert.x),
   * failing with the DynamoDB exception itself rather than the SDK's {@link CompletionException} wrapper.
   */
  static <T> Future<T> onCaller(CompletableFuture<T> sdkFuture) {
    Context context = Vertx.currentContext();
    Future<T> future = context == null ? Future.fromCompletionStage(sdkFuture) : Future.fromCompletionStage(sdkFuture, context);
    return future.recover(error -> Future.failedFuture(
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error));
  }
}
