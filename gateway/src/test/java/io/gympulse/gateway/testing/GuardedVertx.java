package io.gympulse.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x instance whose event loops are watched: any handler running longer than
 * {@link #MAX_EVENT_LOOP_MILLIS} is recorded, and {@link #closeAndAssertNoBlocking()} fails the test.
 * Vert.x itself only logs a warning, which no test would notice.
 */
public final class GuardedVertx {

  /** Low enough to catch blocking I/O, joins and sleeps; high enough for first-use class loading. */
  public static final long MAX_EVENT_LOOP_MILLIS = 300;

  private final Vertx vertx;
  private final List<String> blocked = new CopyOnWriteArrayList<>();

  private GuardedVertx() {
    vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(50)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      if (event.thread().getName().contains("eventloop")) {
        blocked.add(event.thread().getName() + " blocked for " + event.duration() / 1_000_000 + " ms");
      }
    });
  }

  public static GuardedVertx create() {
    return new GuardedVertx();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Event-loop blockings seen so far. */
  public List<String> blockings() {
    return List.copyOf(blocked);
  }

  public void closeAndAssertNoBlocking() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Vert.x did not close", e);
    }
    assertEquals(List.of(), blockings(), "an event loop was blocked");
  }
}
