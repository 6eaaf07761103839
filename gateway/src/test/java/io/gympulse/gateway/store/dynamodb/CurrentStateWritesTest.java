package io.gympulse.gateway.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One current-state write in flight per machine, the newest of the states that waited written next for all of them. */
class CurrentStateWritesTest {

  /** The writes sent, each completed by the test. */
  private final List<MachineState> sent = new ArrayList<>();
  private final List<Promise<Void>> answers = new ArrayList<>();
  private final CurrentStateWrites writes = new CurrentStateWrites(state -> {
    sent.add(state);
    Promise<Void> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  });

  /** Verifies that states arriving during a write wait for it, and then only the newest of them is written. */
  @Test
  void statesArrivingDuringAWriteAreWrittenOnceAsTheNewest() {
    Future<Void> first = writes.put(state("m-1", 10, 1));
    Future<Void> second = writes.put(state("m-1", 11, 2));
    Future<Void> newest = writes.put(state("m-1", 13, 4));
    Future<Void> olderThanNewest = writes.put(state("m-1", 12, 3));

    assertEquals(1, sent.size(), "one write in flight per machine");
    answers.get(0).complete();
    assertTrue(first.succeeded());
    assertFalse(second.isComplete(), "the waiting states are not stored yet");
    assertEquals(List.of(state("m-1", 10, 1), state("m-1", 13, 4)), sent, "the newest of those that waited, once");

    answers.get(1).complete();
    assertTrue(second.succeeded() && newest.succeeded() && olderThanNewest.succeeded());
    assertEquals(0, writes.machinesInFlight());
  }

  /** Verifies that a failed write fails every state it carried, and a later state is sent again at once. */
  @Test
  void aFailedWriteFailsEveryStateItCarried() {
    writes.put(state("m-1", 10, 1));
    Future<Void> waited = writes.put(state("m-1", 11, 2));
    Future<Void> waitedToo = writes.put(state("m-1", 12, 3));
    answers.get(0).complete();
    answers.get(1).fail("throttled");

    assertTrue(waited.failed() && waitedToo.failed(), "their callers retry");
    Future<Void> retried = writes.put(state("m-1", 11, 2));
    assertEquals(3, sent.size(), "nothing in flight: sent at once");
    answers.get(2).complete();
    assertTrue(retried.succeeded());
  }

  /** Verifies that machines do not wait for each other's writes. */
  @Test
  void machinesWriteIndependently() {
    writes.put(state("m-1", 10, 1));
    writes.put(state("m-2", 10, 1));

    assertEquals(2, sent.size());
    assertEquals(2, writes.machinesInFlight());
  }

  private static MachineState state(String machineId, double timestamp, long seq) {
    return new MachineState(machineId, "gym-1", Category.CARDIO, MachineStatus.FREE, timestamp, timestamp, seq,
        (long) (timestamp * 1000));
  }
}
