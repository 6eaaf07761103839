package io.gympulse.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.ApplyResult.Outcome;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The journal hears of every transition first, and a listener that throws cannot silence the others. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LiveStateListenerIsolationTest {

  private static final double START = 1_764_150_000.0;
  private static final String GYM = "hk-central-caine";
  private static final String MACHINE = "legpress-centralc-01";

  /** Who heard of which change, in order, across the journal and the listeners. */
  private final List<String> heard = new ArrayList<>();
  private final List<String> failedListeners = new ArrayList<>();
  private final GatewayMetrics metrics = new GatewayMetrics() {
    @Override
    public void stateListenerFailed(String listener) {
      failedListeners.add(listener);
    }
  };
  private boolean journalRefuses;
  private final StateJournal journal = new StateJournal() {
    @Override
    public void record(StateChange change) {
      if (journalRefuses) {
        throw new IllegalStateException("journal down");
      }
      heard.add("journal " + change.current().status().wireName());
    }

    @Override
    public Future<Void> whenDurable(String machineId) {
      return Future.succeededFuture();
    }
  };
  private final LiveState state = new LiveState(TestGateway.CATALOG, START, journal, metrics);

  /** Throws on every change, like a listener with a bug. */
  private static final class BrokenListener implements StateListener {
    @Override
    public void onChange(StateChange change) {
      throw new IllegalStateException("listener bug");
    }
  }

  /** Verifies that a listener registered after a throwing one still hears the change, after the journal. */
  @Test
  void throwingListenerDoesNotStopLaterListenersAndIsCounted() {
    // GIVEN a listener that throws, registered before one that records what it hears
    state.addListener(new BrokenListener());
    state.addListener(change -> heard.add("listener " + change.current().status().wireName()));

    // WHEN a report changes the machine's status
    ApplyResult result = apply(MachineStatus.OCCUPIED, START + 10, 1);

    // THEN the report is applied, the journal heard of it first and the later listener still heard of it
    assertSame(Outcome.TRANSITION, result.outcome());
    assertEquals(List.of("journal occupied", "listener occupied"), heard);
    assertEquals(MachineStatus.OCCUPIED, state.machine(MACHINE).orElseThrow().status());
    // AND the failure was counted under the listener's name
    assertEquals(List.of("BrokenListener"), failedListeners);
  }

  /** Verifies that a journal that refuses a change leaves the state as it was, so the report's re-delivery applies. */
  @Test
  void refusedJournalLeavesStateUnchangedAndRedeliveryApplies() {
    // GIVEN a listener and a journal that refuses
    state.addListener(change -> heard.add("listener " + change.current().status().wireName()));
    Counts before = state.counts(GYM, TestGateway.CATALOG.machine(MACHINE).orElseThrow().category());
    journalRefuses = true;

    // WHEN a report changes the machine's status
    assertThrows(IllegalStateException.class, () -> apply(MachineStatus.OCCUPIED, START + 10, 1));

    // THEN nothing changed and nobody heard of it
    assertEquals(MachineStatus.OFFLINE, state.machine(MACHINE).orElseThrow().status());
    assertEquals(before, state.counts(GYM, state.machine(MACHINE).orElseThrow().category()));
    assertEquals(List.of(), heard);

    // WHEN the journal accepts again and the device re-delivers the same report
    journalRefuses = false;
    ApplyResult redelivered = apply(MachineStatus.OCCUPIED, START + 10, 1);

    // THEN it is a transition, not a duplicate of a report that never happened
    assertSame(Outcome.TRANSITION, redelivered.outcome());
    assertEquals(List.of("journal occupied", "listener occupied"), heard);
  }

  /**
   * Verifies that a heartbeat expiry the journal refuses leaves that machine as it was and watched, does not skip
   * the other machines of the sweep, and is tried again by a later sweep.
   */
  @Test
  void refusedHeartbeatExpiryIsRetriedAndDoesNotSkipTheSweep() {
    // GIVEN two machines heard at the start, and a journal that refuses changes to the first
    String other = "legpress-centralc-02";
    LiveState sweeping = new LiveState(TestGateway.CATALOG, START, new StateJournal() {
      @Override
      public void record(StateChange change) {
        if (journalRefuses && change.current().machineId().equals(MACHINE)) {
          throw new IllegalStateException("journal down");
        }
      }

      @Override
      public Future<Void> whenDurable(String machineId) {
        return Future.succeededFuture();
      }
    }, metrics);
    sweeping.apply(new StatusReport(MACHINE, MachineStatus.OCCUPIED, START + 1, 1, 1_000));
    sweeping.apply(new StatusReport(other, MachineStatus.FREE, START + 1, 2, 1_000));
    journalRefuses = true;

    // WHEN a sweep finds both silent
    List<StateChange> expired = sweeping.expireSilentSince(2_000, START + 100);

    // THEN the other machine went offline and the refused one stayed as it was
    assertEquals(List.of(other), expired.stream().map(change -> change.current().machineId()).toList());
    assertEquals(MachineStatus.OCCUPIED, sweeping.machine(MACHINE).orElseThrow().status());

    // WHEN the journal accepts again and a later sweep runs past the retry
    journalRefuses = false;
    List<StateChange> retried = sweeping.expireSilentSince((long) ((START + 100) * 1000), START + 200);

    // THEN the refused machine is expired then
    assertEquals(List.of(MACHINE), retried.stream().map(change -> change.current().machineId()).toList());
    assertEquals(MachineStatus.OFFLINE, sweeping.machine(MACHINE).orElseThrow().status());
  }

  private ApplyResult apply(MachineStatus status, double timestamp, long seq) {
    return state.apply(new StatusReport(MACHINE, status, timestamp, seq, 1_000));
  }
}
