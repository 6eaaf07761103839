package io.gympulse.gateway.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Full-jitter exponential backoff: a random delay up to {@code base · 2^attempt}, capped. The jitter
 * spreads the retries of many writers after an outage instead of having them return in step.
 *
 * @param baseMillis ceiling of the first retry's delay
 * @param capMillis ceiling of any delay
 */
public record Backoff(long baseMillis, long capMillis) {

  /** A delay in milliseconds (at least 1) before retry number {@code attempt + 1}. */
  public long delayMillis(int attempt) {
    long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
    return 1 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
  }
}
