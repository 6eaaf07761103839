package io.gympulse.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-loop guard every test relies on must actually fail a test whose code blocks a loop. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GuardedVertxTest {

  /** Verifies that blocking an event loop past the limit is recorded and fails the closing assertion. */
  @Test
  void blockingAnEventLoopFailsTheTest() throws Exception {
    GuardedVertx guarded = GuardedVertx.create();
    guarded.vertx().runOnContext(v -> {
      try {
        Thread.sleep(3 * GuardedVertx.MAX_EVENT_LOOP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread.sleep(4 * GuardedVertx.MAX_EVENT_LOOP_MILLIS);
    assertTrue(guarded.blockings().size() > 0, "the blocked loop was not noticed");
    assertThrows(AssertionError.class, guarded::closeAndAssertNoBlocking);
  }
}
