package io.gympulse.gateway.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true asynchronously, failing after a bound instead of hanging. */
public final class Eventually {

  private Eventually() {
  }

  public static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    waitUntil(condition, Duration.ofSeconds(5));
  }

  public static void waitUntil(BooleanSupplier condition, Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + atMost.toMillis() + " ms");
      }
      Thread.sleep(20);
    }
  }
}
