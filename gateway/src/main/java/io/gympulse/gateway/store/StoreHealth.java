package io.gympulse.gateway.store;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the durable store is doing, from the writes the gateway makes: degraded while the most recent
 * write failed, up again with the next success. Read by {@code /ready}. Thread-safe.
 */
public final class StoreHealth {

  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong lastSuccessMillis = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public void succeeded(long nowMillis) {
    consecutiveFailures.set(0);
    lastSuccessMillis.set(nowMillis);
  }

  public void failed(Throwable error) {
    consecutiveFailures.incrementAndGet();
    lastError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  public boolean isDegraded() {
    return consecutiveFailures.get() > 0;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("status", isDegraded() ? "degraded" : "up")
        .put("consecutiveFailures", consecutiveFailures.get());
    if (lastSuccessMillis.get() > 0) {
      json.put("lastSuccess", java.time.Instant.ofEpochMilli(lastSuccessMillis.get()).toString());
    }
    if (isDegraded()) {
      json.put("lastError", lastError.get());
    }
    return json;
  }
}
