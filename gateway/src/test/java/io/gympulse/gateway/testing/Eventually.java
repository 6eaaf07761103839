package io.gympulse.gateway.testing;

import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true asynchronously, failing after a bound instead of hanging. */
public final class Eventually {

  private Eventually() {
  }

  public static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(20);
    }
  }
}
