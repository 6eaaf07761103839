package io.gympulse.gateway.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for Vert.x futures from a test thread (never from an event loop). */
public final class Futures {

  private Futures() {
  }

  /** Waits up to 10 s; a failure is rethrown as is, a timeout as an {@link AssertionError}. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }
}
