package io.gympulse.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-loop guard every test relies on must actually fail a test whose code blocks or burns a loop. */
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

  /** Verifies that a handler burning the loop's CPU past the limit fails the test, though it never waits. */
  @Test
  void busyHandlerFailsTheTest() throws Exception {
    GuardedVertx guarded = GuardedVertx.create();
    // GIVEN the sampler has seen the loop before the task starts
    guarded.vertx().runOnContext(v -> { });
    Thread.sleep(100);
    // WHEN a handler burns three times the limit in CPU time (not wall time: a busy machine may lend it little)
    guarded.vertx().runOnContext(v -> spin(3 * GuardedVertx.MAX_EVENT_LOOP_MILLIS));
    waitForBlocking(guarded);
    // THEN it is held against the handler
    assertTrue(guarded.blockings().size() > 0, "the busy loop was not noticed: " + guarded.starvations());
    assertThrows(AssertionError.class, guarded::closeAndAssertNoBlocking);
  }

  /** Verifies that a handler stuck in blocking I/O (no CPU used) fails the test. */
  @Test
  void blockingIoFailsTheTest() throws Exception {
    Path fifo = Files.createTempDirectory("guard").resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertTrue(mkfifo.waitFor(5, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
    GuardedVertx guarded = GuardedVertx.create();
    guarded.vertx().runOnContext(v -> { });
    Thread.sleep(100);
    // reading a FIFO nobody writes blocks in FileInputStream until a writer opens it
    guarded.vertx().runOnContext(v -> {
      try (var in = new java.io.FileInputStream(fifo.toFile())) {
        in.read();
      } catch (java.io.IOException ignored) {
        // the writer below ends it
      }
    });
    waitForBlocking(guarded);
    try {
      assertTrue(guarded.blockings().stream().anyMatch(b -> b.contains("blocking I/O") || b.contains("waiting")),
          "the blocked loop was not noticed: " + guarded.blockings() + " " + guarded.starvations());
    } finally {
      Files.write(fifo, new byte[] {1});
    }
    assertThrows(AssertionError.class, guarded::closeAndAssertNoBlocking);
  }

  private static void waitForBlocking(GuardedVertx guarded) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (guarded.blockings().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static void spin(long cpuMillis) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long end = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(cpuMillis);
    while (threads.getCurrentThreadCpuTime() < end) {
      Thread.onSpinWait();
    }
  }
}
