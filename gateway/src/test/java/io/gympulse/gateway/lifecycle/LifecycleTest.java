package io.gympulse.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final List<String> calls = new ArrayList<>();

  /** Verifies that components start in list order and stop in reverse, each once however often stop is called. */
  @Test
  void startsInOrderAndStopsInReverseOnce() {
    Lifecycle lifecycle = new Lifecycle();

    assertTrue(lifecycle.start(List.of(recording("a"), recording("b"))).succeeded());
    assertTrue(lifecycle.start(List.of(recording("c"))).succeeded());
    Future<Void> first = lifecycle.stop();
    Future<Void> second = lifecycle.stop();

    assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), calls);
    assertSame(first, second);
  }

  /** Verifies that a failed start stops what started, the failed component included, and reports the cause. */
  @Test
  void failedStartStopsEverythingStartedSoFarInReverse() {
    Lifecycle lifecycle = new Lifecycle();
    IllegalStateException cause = new IllegalStateException("port in use");

    Future<Void> started = lifecycle.start(List.of(recording("a"),
        Component.of("b", () -> {
          calls.add("start b");
          return Future.failedFuture(cause);
        }, () -> {
          calls.add("stop b");
          return Future.succeededFuture();
        }),
        recording("c")));

    assertSame(cause, started.cause());
    assertEquals(List.of("start a", "start b", "stop b", "stop a"), calls);
  }

  /** Verifies that a start that throws counts as a failed start, and that a stop that fails does not keep the rest from stopping. */
  @Test
  void thrownStartAndFailedStopStillStopTheRest() {
    Lifecycle lifecycle = new Lifecycle();

    Future<Void> started = lifecycle.start(List.of(recording("a"),
        Component.of("b", () -> {
          throw new IllegalArgumentException("bad setting");
        }, () -> {
          calls.add("stop b");
          return Future.failedFuture("b's timer was gone");
        })));

    assertTrue(started.cause() instanceof IllegalArgumentException);
    assertEquals(List.of("start a", "stop b", "stop a"), calls);
  }

  /** Verifies that nothing starts once a stop has begun. */
  @Test
  void nothingStartsAfterStop() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.stop();

    assertTrue(lifecycle.start(List.of(recording("late"))).failed());
    assertEquals(List.of(), calls);
  }

  private Component recording(String name) {
    return Component.of(name, () -> {
      calls.add("start " + name);
      return Future.succeededFuture();
    }, () -> {
      calls.add("stop " + name);
      return Future.succeededFuture();
    });
  }
}
