package io.gympulse.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x instance whose event loops are watched: a handler that keeps its loop from other work for longer than
 * {@link #MAX_EVENT_LOOP_MILLIS} is recorded, and {@link #closeAndAssertNoBlocking()} fails the test. Vert.x itself
 * only logs a warning, which no test would notice.
 *
 * <p>Vert.x measures wall time, which on a busy machine also counts the time the loop was ready to run but the
 * operating system ran something else. What the guard holds against a handler is only what the handler did: waiting
 * (sleep, join, a lock), blocking I/O, or {@link #MAX_EVENT_LOOP_MILLIS} of the loop's own CPU time (see
 * {@link LoopCpuClock}). A loop that was merely starved is reported by {@link #starvations()}, not failed.
 */
public final class GuardedVertx {

  /** Low enough to catch blocking I/O, joins and sleeps; high enough for first-use class loading. */
  public static final long MAX_EVENT_LOOP_MILLIS = 300;

  private final Vertx vertx;
  private final LoopCpuClock cpu = LoopCpuClock.start();
  private final List<String> blocked = new CopyOnWriteArrayList<>();
  private final List<String> starved = new CopyOnWriteArrayList<>();

  private GuardedVertx() {
    vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(50)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      Thread thread = event.thread();
      if (!thread.getName().contains("eventloop")) {
        return;
      }
      long wallMillis = event.duration() / 1_000_000;
      LoopCpuClock.Verdict verdict = cpu.judge(thread, event.duration());
      String line = thread.getName() + " blocked for " + wallMillis + " ms (" + verdict + ")";
      (verdict.handlersFault(MAX_EVENT_LOOP_MILLIS) ? blocked : starved).add(line);
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

  /** Over-long tasks that were the scheduler's doing (the loop ran little of the time), seen so far. */
  public List<String> starvations() {
    return List.copyOf(starved);
  }

  public void closeAndAssertNoBlocking() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Vert.x did not close", e);
    } finally {
      cpu.stop();
    }
    assertEquals(List.of(), blockings(), "an event loop was blocked");
  }
}
