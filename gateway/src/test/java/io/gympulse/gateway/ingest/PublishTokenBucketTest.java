package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.ingest.PublishTokenBucket.Outcome.FLOODING;
import static io.gympulse.gateway.ingest.PublishTokenBucket.Outcome.THROTTLED;
import static io.gympulse.gateway.ingest.PublishTokenBucket.Outcome.WITHIN_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A device's publish allowance, with time as a test input: no sockets, no sleeping. */
class PublishTokenBucketTest {

  private static final int PER_SECOND = 10;
  private static final int FLOOD_THROTTLES = 3;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
  private final PublishTokenBucket bucket = new PublishTokenBucket(PER_SECOND, FLOOD_THROTTLES, clock);

  /** Verifies that a burst of twice the rate passes and the next publish waits exactly one token's time. */
  @Test
  void burstOfTwiceTheRatePassesThenThePublishWaitsForOneToken() {
    // GIVEN a full bucket, WHEN 2 × 10 publishes arrive at once THEN all are within rate
    for (int i = 0; i < 2 * PER_SECOND; i++) {
      assertEquals(WITHIN_RATE, bucket.take(), "publish " + i);
    }
    // WHEN one more arrives THEN it is throttled until the next token, 1/10 s away
    assertEquals(THROTTLED, bucket.take());
    assertEquals(100, bucket.throttleMillis());
  }

  /** Verifies that the clock, not the number of calls, refills the bucket, at the configured rate. */
  @Test
  void tokensComeBackWithTheClockAtTheConfiguredRate() {
    // GIVEN an empty bucket
    drain();
    // WHEN 99 ms pass THEN there is still no token
    clock.advance(Duration.ofMillis(99));
    assertEquals(THROTTLED, bucket.take());
    // WHEN a whole second passes after that THEN 10 tokens are back (not more), minus the one owed
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < PER_SECOND - 1; i++) {
      assertEquals(WITHIN_RATE, bucket.take(), "publish " + i);
    }
    assertEquals(THROTTLED, bucket.take());
  }

  /** Verifies that a device throttled more than floodThrottles times within 10 s is flooding. */
  @Test
  void throttledPastTheFloodLimitWithinTheWindowIsFlooding() {
    drain();
    // GIVEN throttles up to the limit, spread over less than 10 s
    for (int i = 0; i < FLOOD_THROTTLES; i++) {
      assertEquals(THROTTLED, bucket.take(), "throttle " + i);
      clock.advance(Duration.ofSeconds(3));
      drain();
    }
    // WHEN it throttles once more within the window THEN it is flooding
    assertEquals(FLOODING, bucket.take());
  }

  /** Verifies that throttles older than the 10 s window are forgiven, so a bursty but honest device stays. */
  @Test
  void throttlesOutsideTheWindowAreForgiven() {
    drain();
    for (int i = 0; i < FLOOD_THROTTLES; i++) {
      assertEquals(THROTTLED, bucket.take(), "throttle " + i);
    }
    // WHEN the next throttle comes more than 10 s after the window opened THEN a new window starts
    clock.advance(Duration.ofMillis(PublishTokenBucket.FLOOD_WINDOW_MILLIS + 1));
    drain();
    assertEquals(THROTTLED, bucket.take());
  }

  /** Verifies that a clock stepped back neither refills nor empties the bucket. */
  @Test
  void clockSteppedBackTakesNoTokensAway() {
    // GIVEN a bucket with one token left
    for (int i = 0; i < 2 * PER_SECOND - 1; i++) {
      bucket.take();
    }
    // WHEN the clock steps back an hour THEN the last token is still there, and no more
    clock.advance(Duration.ofHours(-1));
    assertEquals(WITHIN_RATE, bucket.take());
    assertEquals(THROTTLED, bucket.take());
  }

  /** Spends a full bucket's worth of tokens: from a full bucket, none is throttled and none is left. */
  private void drain() {
    for (int i = 0; i < 2 * PER_SECOND; i++) {
      bucket.take();
    }
  }
}
