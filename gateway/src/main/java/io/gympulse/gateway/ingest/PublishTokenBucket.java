package io.gympulse.gateway.ingest;

import java.time.Clock;

/**
 * One device's publish allowance: a sustained rate with bursts of twice that. A device over its rate is
 * throttled (its reads wait for the next token); one throttled more than {@code floodThrottles} times within
 * {@link #FLOOD_WINDOW_MILLIS} is flooding and should be disconnected. Confined to the device's context.
 */
final class PublishTokenBucket {

  /** The window in which throttles are counted towards flooding. */
  static final long FLOOD_WINDOW_MILLIS = 10_000;

  /** What one publish does to the device's allowance. */
  enum Outcome { WITHIN_RATE, THROTTLED, FLOODING }

  private final double tokensPerMilli;
  private final double burst;
  private final int floodThrottles;
  private final Clock clock;
  private double tokens;
  private long refilledAt;
  private int throttles;
  private long throttleWindowStart;
  private long throttleMillis;

  PublishTokenBucket(double perSecond, int floodThrottles, Clock clock) {
    this.tokensPerMilli = perSecond / 1000.0;
    this.burst = 2.0 * perSecond;
    this.floodThrottles = floodThrottles;
    this.clock = clock;
    this.tokens = burst;
    this.refilledAt = clock.millis();
    this.throttleWindowStart = Long.MIN_VALUE / 2;
  }

  /** Takes the token for one publish; after {@link Outcome#THROTTLED}, {@link #throttleMillis()} says how long. */
  Outcome take() {
    long now = clock.millis();
    // a clock stepped back refills nothing rather than taking tokens away
    tokens = Math.min(burst, tokens + Math.max(0, now - refilledAt) * tokensPerMilli);
    refilledAt = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Outcome.WITHIN_RATE;
    }
    if (now - throttleWindowStart > FLOOD_WINDOW_MILLIS) {
      throttleWindowStart = now;
      throttles = 0;
    }
    if (++throttles > floodThrottles) {
      return Outcome.FLOODING;
    }
    throttleMillis = (long) Math.ceil(-tokens / tokensPerMilli);
    return Outcome.THROTTLED;
  }

  /** How long the last throttled publish must wait before the device's next token. */
  long throttleMillis() {
    return throttleMillis;
  }
}
