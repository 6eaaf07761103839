package io.gympulse.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.ApplyResult.Outcome;
import io.gympulse.gateway.testing.RecordingJournal;
import io.gympulse.gateway.testing.TestGateway;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ordering, idempotence, heartbeat expiry and incrementally maintained counts of the live state. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LiveStateTest {

  private static final Catalog CATALOG = TestGateway.CATALOG;
  private static final double START = 1_764_150_000.0;
  private static final String GYM = "hk-central-caine";
  private static final String MACHINE = "legpress-centralc-01";
  private static final String OTHER = "legpress-centralc-02";
  private static final String THIRD = "squatrack-centralc-01";

  private LiveState state;
  private final List<StateChange> changes = new ArrayList<>();
  private final RecordingJournal journal = new RecordingJournal();

  @BeforeEach
  void createState() {
    state = new LiveState(CATALOG, START, journal, GatewayMetrics.NOOP);
    state.addListener(changes::add);
  }

  /** Verifies that a fresh state shows every machine offline and counts them all. */
  @Test
  void freshStateShowsEveryMachineOffline() {
    assertEquals(new Counts(0, 0, CATALOG.size()), state.chainCounts());
    for (Machine machine : CATALOG.machines()) {
      MachineState current = state.machine(machine.machineId()).orElseThrow();
      assertEquals(MachineStatus.OFFLINE, current.status());
      assertFalse(current.hasReported());
    }
    assertCountsMatchScan();
  }

  /** Verifies that counts kept incrementally equal counts recomputed from every machine, under random load. */
  @Test
  void incrementalCountsEqualRecomputedCountsAfterRandomOperations() {
    // GIVEN a seeded mix of reports (in and out of order, duplicates), Last Wills and heartbeat sweeps
    Random random = new Random(20_251_126);
    List<Machine> machines = CATALOG.machines();
    MachineStatus[] statuses = MachineStatus.values();
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    long nowMillis = 1_000;
    int expired = 0;
    int lastWills = 0;
    String lastReported = machines.get(0).machineId();
    state.addListener(change -> {
      // the counts handed to listeners are the counts after the change
      assertEquals(state.counts(change.current().gymId(), change.current().category()), change.categoryCounts());
      assertNotEquals(change.previous().status(), change.current().status());
    });

    for (int i = 0; i < 20_000; i++) {
      nowMillis += random.nextInt(50);
      Machine machine = machines.get(random.nextInt(machines.size()));
      MachineState before = state.machine(machine.machineId()).orElseThrow();
      int op = random.nextInt(100);
      // WHEN one operation is applied
      if (op < 80) {
        double timestamp;
        long seq;
        int kind = random.nextInt(100);
        if (kind < 15 && before.hasReported()) {
          // a re-delivery of the newest report
          timestamp = before.timestamp();
          seq = before.seq();
        } else if (kind < 40 && before.hasReported()) {
          // a late report: earlier device time, or the same time with a lower seq
          timestamp = before.timestamp() - random.nextInt(8) * 0.25;
          seq = timestamp == before.timestamp() ? before.seq() - 1 - random.nextInt(2) : random.nextInt(5) - 1;
        } else {
          // a current report; sometimes it ties the newest one on timestamp
          timestamp = Math.max(before.timestamp(), START + nowMillis / 1000.0) + random.nextInt(3) * 0.25;
          seq = random.nextInt(4) - 1;
        }
        ApplyResult result = state.apply(new StatusReport(machine.machineId(), statuses[random.nextInt(3)],
            timestamp, seq, nowMillis));
        outcomes.merge(result.outcome(), 1, Integer::sum);
        lastReported = machine.machineId();
        MachineState after = state.machine(machine.machineId()).orElseThrow();
        // THEN the machine's (timestamp, seq) never goes back
        assertTrue(after.timestamp() > before.timestamp()
            || (after.timestamp() == before.timestamp() && after.seq() >= before.seq()), "rolled back: " + after);
      } else if (op < 90) {
        // half of the Last Wills come from the device heard last, so that many find it online
        String gone = random.nextBoolean() ? lastReported : machine.machineId();
        lastWills += state.markOffline(gone, ChangeCause.LAST_WILL, nowMillis / 1000.0).isPresent() ? 1 : 0;
      } else {
        expired += state.expireSilentSince(nowMillis - 2_000, nowMillis / 1000.0).size();
      }
      // THEN the counts of every branch and category equal a full recount
      assertCountsMatchScan();
    }

    // the run exercised every path, or it would prove little
    for (Outcome outcome : Outcome.values()) {
      assertTrue(outcomes.getOrDefault(outcome, 0) > 100, "too few " + outcome + ": " + outcomes);
    }
    assertTrue(lastWills > 100, "too few Last Wills: " + lastWills);
    assertTrue(expired > 100, "too few heartbeat expiries: " + expired);
    assertEquals(outcomes.get(Outcome.TRANSITION) + lastWills + expired, changes.size(),
        "listeners hear of exactly the transitions");
  }

  /** Verifies that a report older than the current state, by timestamp or by seq, never rolls it back. */
  @Test
  void olderReportIsStaleAndNeverRollsStateBack() {
    // GIVEN an occupied machine at (100, seq 5)
    apply(MACHINE, MachineStatus.OCCUPIED, START + 100, 5);
    Counts counts = state.counts(GYM, Category.LEGS);
    changes.clear();

    // WHEN older reports arrive: earlier timestamp with a higher seq, then same timestamp with lower seq or none
    ApplyResult earlier = apply(MACHINE, MachineStatus.FREE, START + 99.999, 99);
    ApplyResult lowerSeq = apply(MACHINE, MachineStatus.FREE, START + 100, 4);
    ApplyResult noSeq = apply(MACHINE, MachineStatus.OFFLINE, START + 100, StatusReport.NO_SEQ);

    // THEN they are stale, nothing changed and no listener heard of them
    assertSame(Outcome.STALE, earlier.outcome());
    assertSame(Outcome.STALE, lowerSeq.outcome());
    assertSame(Outcome.STALE, noSeq.outcome());
    MachineState current = state.machine(MACHINE).orElseThrow();
    assertEquals(MachineStatus.OCCUPIED, current.status());
    assertEquals(START + 100, current.timestamp());
    assertEquals(5, current.seq());
    assertEquals(counts, state.counts(GYM, Category.LEGS));
    assertEquals(List.of(), changes);
  }

  /** Verifies that a re-delivery with the same (timestamp, seq) is a duplicate and no listener hears of it. */
  @Test
  void sameTimestampAndSeqIsDuplicateWithoutListenerCall() {
    ApplyResult first = apply(MACHINE, MachineStatus.OCCUPIED, START + 10.25, 7);
    MachineState afterFirst = state.machine(MACHINE).orElseThrow();

    ApplyResult again = apply(MACHINE, MachineStatus.OCCUPIED, START + 10.25, 7);

    assertSame(Outcome.TRANSITION, first.outcome());
    assertSame(Outcome.DUPLICATE, again.outcome());
    assertEquals(null, again.change());
    assertEquals(1, changes.size());
    assertEquals(afterFirst, state.machine(MACHINE).orElseThrow());
  }

  /** Verifies that a newer report with the same status is a refresh: state advances, no listener call, since kept. */
  @Test
  void newerSameStatusIsRefreshWithoutListenerCall() {
    apply(MACHINE, MachineStatus.FREE, START + 10, 1);
    changes.clear();

    ApplyResult refresh = apply(MACHINE, MachineStatus.FREE, START + 70, 2);

    assertSame(Outcome.REFRESH, refresh.outcome());
    assertEquals(List.of(), changes);
    MachineState current = state.machine(MACHINE).orElseThrow();
    assertEquals(MachineStatus.FREE, current.status());
    assertEquals(START + 10, current.since(), "since is when the status began, not the last heartbeat");
    assertEquals(START + 70, current.timestamp());
    assertEquals(2, current.seq());
  }

  /** Verifies that a transition calls each listener once with the previous and current state and the new counts. */
  @Test
  void transitionCallsListenerOnceWithPreviousCurrentAndCounts() {
    // GIVEN a second listener and a free machine
    List<StateChange> second = new ArrayList<>();
    state.addListener(second::add);
    Counts legsAtStart = state.counts(GYM, Category.LEGS);
    apply(MACHINE, MachineStatus.FREE, START + 10, 1);
    changes.clear();
    second.clear();

    // WHEN it becomes occupied
    ApplyResult result = apply(MACHINE, MachineStatus.OCCUPIED, START + 20.5, 2);

    // THEN both listeners hear of it once, with what the result carries
    assertSame(Outcome.TRANSITION, result.outcome());
    assertEquals(List.of(result.change()), changes);
    assertEquals(List.of(result.change()), second);
    StateChange change = result.change();
    assertEquals(MachineStatus.FREE, change.previous().status());
    assertEquals(START + 10, change.previous().since());
    assertEquals(MachineStatus.OCCUPIED, change.current().status());
    assertEquals(START + 20.5, change.current().since());
    assertEquals(START + 20.5, change.at());
    assertEquals(ChangeCause.DEVICE, change.cause());
    assertEquals(GYM, change.current().gymId());
    assertEquals(Category.LEGS, change.current().category());
    Counts expected = new Counts(0, 1, legsAtStart.offline() - 1);
    assertEquals(expected, change.categoryCounts());
    assertEquals(expected, state.counts(GYM, Category.LEGS));
    assertEquals(legsAtStart.total(), state.counts(GYM, Category.LEGS).total());
    assertEquals(1, state.branchCounts(GYM).occupied());
  }

  /** Verifies that a Last Will marks a reporting machine offline once and an offline one not at all. */
  @Test
  void markOfflineChangesOnlyMachinesNotAlreadyOffline() {
    apply(MACHINE, MachineStatus.OCCUPIED, START + 10, 1);
    changes.clear();

    StateChange change = state.markOffline(MACHINE, ChangeCause.LAST_WILL, START + 30).orElseThrow();

    assertEquals(MachineStatus.OCCUPIED, change.previous().status());
    assertEquals(MachineStatus.OFFLINE, change.current().status());
    assertEquals(START + 30, change.at());
    assertEquals(ChangeCause.LAST_WILL, change.cause());
    assertEquals(List.of(change), changes);
    assertTrue(state.markOffline(MACHINE, ChangeCause.LAST_WILL, START + 31).isEmpty());
    assertTrue(state.markOffline(OTHER, ChangeCause.LAST_WILL, START + 31).isEmpty(),
        "never reported: already offline");
    assertEquals(1, changes.size());
  }

  /** Verifies that the heartbeat sweep marks offline only machines not heard from since the cutoff. */
  @Test
  void expireSilentSinceMarksOnlyMachinesNotHeardSinceCutoff() {
    // GIVEN three machines heard at 1000, 2000 and 3000 ms, and the first heard again at 3200 ms
    apply(MACHINE, MachineStatus.OCCUPIED, START + 1, 1, 1_000);
    apply(OTHER, MachineStatus.FREE, START + 2, 1, 2_000);
    apply(THIRD, MachineStatus.FREE, START + 3, 1, 3_000);
    apply(MACHINE, MachineStatus.OCCUPIED, START + 4, 2, 3_200);
    changes.clear();

    // WHEN the sweep runs with cutoff 2500 ms
    List<StateChange> expired = state.expireSilentSince(2_500, START + 10);

    // THEN only the machine silent since 2000 ms goes offline, because of the heartbeat timeout
    assertEquals(1, expired.size());
    StateChange change = expired.get(0);
    assertEquals(OTHER, change.current().machineId());
    assertEquals(MachineStatus.FREE, change.previous().status());
    assertEquals(MachineStatus.OFFLINE, change.current().status());
    assertEquals(ChangeCause.HEARTBEAT_TIMEOUT, change.cause());
    assertEquals(START + 10, change.at());
    assertEquals(expired, changes);
    assertEquals(MachineStatus.OCCUPIED, state.machine(MACHINE).orElseThrow().status());
    assertEquals(MachineStatus.FREE, state.machine(THIRD).orElseThrow().status());

    // AND a later sweep does not report it again, but does expire the others once silent long enough
    List<StateChange> later = state.expireSilentSince(3_500, START + 20);
    assertEquals(List.of(MACHINE, THIRD), later.stream().map(c -> c.current().machineId()).sorted().toList());
    assertTrue(state.expireSilentSince(10_000, START + 30).isEmpty());
    assertEquals(new Counts(0, 0, state.counts(GYM, Category.LEGS).total()), state.counts(GYM, Category.LEGS));
  }

  /** Verifies that a machine that reported itself offline is not reported again by the sweep. */
  @Test
  void expireSilentSinceSkipsMachinesAlreadyOffline() {
    apply(MACHINE, MachineStatus.FREE, START + 1, 1, 1_000);
    apply(MACHINE, MachineStatus.OFFLINE, START + 2, 2, 1_100);
    changes.clear();

    assertEquals(List.of(), state.expireSilentSince(5_000, START + 10));
    assertEquals(List.of(), changes);
  }

  /** Verifies that restore seeds stored states, adjusts counts, ignores unknown machines and keeps ordering. */
  @Test
  void restoreSeedsStoredStatesAndAdjustsCounts() {
    // GIVEN stored states of two catalog machines and of one no longer in the catalog
    Counts legsAtStart = state.counts(GYM, Category.LEGS);
    MachineState occupied = new MachineState(MACHINE, GYM, Category.LEGS, MachineStatus.OCCUPIED,
        START - 300, START - 120, 9, 0);
    MachineState free = new MachineState(OTHER, GYM, Category.LEGS, MachineStatus.FREE, START - 600, START - 60, 3, 0);
    MachineState gone = new MachineState("retired-machine-01", GYM, Category.LEGS, MachineStatus.FREE,
        START - 600, START - 60, 3, 0);

    // WHEN they are restored at 50 000 ms
    state.restore(List.of(occupied, free, gone), 50_000);

    // THEN the machines show the stored states, counts moved out of offline, and no listener heard of it
    MachineState restored = state.machine(MACHINE).orElseThrow();
    assertEquals(MachineStatus.OCCUPIED, restored.status());
    assertEquals(START - 300, restored.since());
    assertEquals(START - 120, restored.timestamp());
    assertEquals(9, restored.seq());
    assertEquals(50_000, restored.lastSeenMillis());
    assertTrue(state.machine("retired-machine-01").isEmpty());
    assertEquals(new Counts(1, 1, legsAtStart.offline() - 2), state.counts(GYM, Category.LEGS));
    assertEquals(new Counts(1, 1, CATALOG.size() - 2), state.chainCounts());
    assertCountsMatchScan();
    assertEquals(List.of(), changes);

    // AND a report older than the stored state is stale, a newer one applies
    assertSame(Outcome.STALE, apply(MACHINE, MachineStatus.FREE, START - 121, 50).outcome());
    assertSame(Outcome.TRANSITION, apply(MACHINE, MachineStatus.FREE, START - 120, 10, 60_000).outcome());

    // AND a restored machine that never reports again expires after its heartbeat window
    List<StateChange> expired = state.expireSilentSince(55_000, START + 60);
    assertEquals(List.of(OTHER), expired.stream().map(c -> c.current().machineId()).toList());
    assertCountsMatchScan();
  }

  /**
   * Verifies that catching up with the store takes only what is newer (by timestamp and seq, or the same report gone
   * offline later), tells the listeners of each change, and records nothing in the journal.
   */
  @Test
  void catchingUpTakesOnlyNewerStoredStatesAndTellsListenersNotTheJournal() {
    // GIVEN three machines this instance knows, and the store's states of them (one newer, one older, one gone offline)
    apply(MACHINE, MachineStatus.FREE, START + 10, 1);
    apply(OTHER, MachineStatus.OCCUPIED, START + 10, 5);
    apply(THIRD, MachineStatus.FREE, START + 10, 1);
    int journaled = journal.recorded().size();
    changes.clear();
    MachineState newer = stored(MACHINE, MachineStatus.OCCUPIED, START + 12, START + 12, 2);
    MachineState older = stored(OTHER, MachineStatus.FREE, START + 10, START + 10, 4);
    MachineState wentOffline = stored(THIRD, MachineStatus.OFFLINE, START + 30, START + 10, 1);

    // WHEN it catches up
    List<StateChange> made = state.catchUp(List.of(newer, older, wentOffline), 5_000);

    // THEN the newer and the offline one are taken, the older is not; listeners heard, the journal did not
    assertEquals(MachineStatus.OCCUPIED, state.machine(MACHINE).orElseThrow().status());
    assertEquals(MachineStatus.OCCUPIED, state.machine(OTHER).orElseThrow().status());
    assertEquals(MachineStatus.OFFLINE, state.machine(THIRD).orElseThrow().status());
    assertEquals(List.of(MACHINE, THIRD), made.stream().map(change -> change.current().machineId()).toList());
    assertEquals(made, changes);
    assertEquals(journaled, journal.recorded().size());
    assertCountsMatchScan();
    // AND a report older than what it caught up to is stale
    assertEquals(ApplyResult.Outcome.STALE, apply(MACHINE, MachineStatus.FREE, START + 11, 9).outcome());
  }

  private static MachineState stored(String machineId, MachineStatus status, double since, double timestamp, long seq) {
    Machine machine = CATALOG.machine(machineId).orElseThrow();
    return new MachineState(machineId, machine.gymId(), machine.category(), status, since, timestamp, seq, 0);
  }

  private ApplyResult apply(String machineId, MachineStatus status, double timestamp, long seq) {
    return apply(machineId, status, timestamp, seq, 1_000);
  }

  private ApplyResult apply(String machineId, MachineStatus status, double timestamp, long seq, long receivedAtMillis) {
    return state.apply(new StatusReport(machineId, status, timestamp, seq, receivedAtMillis));
  }

  /** Recounts every branch and category by scanning all machines and compares with the maintained counts. */
  private void assertCountsMatchScan() {
    Counts chain = Counts.ZERO;
    for (Branch branch : CATALOG.branches()) {
      Counts branchTotal = Counts.ZERO;
      for (Category category : Category.values()) {
        Counts scanned = Counts.ZERO;
        for (Machine machine : CATALOG.machines(branch.id(), category)) {
          scanned = scanned.plus(Counts.delta(null, state.machine(machine.machineId()).orElseThrow().status()));
        }
        assertEquals(scanned, state.counts(branch.id(), category), branch.id() + "/" + category.wireName());
        branchTotal = branchTotal.plus(scanned);
      }
      assertEquals(branchTotal, state.branchCounts(branch.id()), branch.id());
      chain = chain.plus(branchTotal);
    }
    assertEquals(chain, state.chainCounts());
    assertEquals(CATALOG.size(), chain.total());
  }
}
