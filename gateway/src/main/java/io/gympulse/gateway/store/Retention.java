package io.gympulse.gateway.store;

import java.time.Duration;

/**
 * How long the design keeps each kind of item, whatever store holds it: DynamoDB sets its TTL attribute
 * from these and the in-memory stores remove items by them, so the two cannot drift apart.
 */
public final class Retention {

  /** Events (transitions) are kept for 30 days after their own timestamp. */
  public static final Duration EVENTS = Duration.ofDays(30);
  /** Occupancy bins are kept for 90 days after their start: enough for the seasonal forecast's weeks. */
  public static final Duration BINS = Duration.ofDays(90);

  private Retention() {
  }
}
