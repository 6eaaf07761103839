package io.gympulse.gateway.store;

import static io.gympulse.gateway.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MachineStore} must have, whatever backs it: a subclass supplies the store
 * through {@link #newStore()} and inherits every test.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class MachineStoreContract {

  static final String GYM = "hk-central-caine";
  static final String MACHINE = "legpress-centralc-01";
  static final String OTHER = "legpress-centralc-02";
  static final long T0 = 1_764_150_000_000L;

  MachineStore store;

  /** A new, empty store under test; each test gets its own and closes it. */
  abstract MachineStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    await(store.close());
    await(store.close()); // safe to call twice
  }

  /** Verifies that recording the same transition twice stores it once. */
  @Test
  void recordTransitionIsIdempotentByMachineAndTimestamp() {
    MachineEvent event = event(MACHINE, T0, MachineStatus.OCCUPIED, MachineStatus.FREE, 4);
    MachineState state = state(MACHINE, MachineStatus.OCCUPIED, T0, 4);

    await(store.recordTransition(event, state));
    await(store.recordTransition(event, state));

    assertEquals(List.of(event), history(MACHINE, 0, Long.MAX_VALUE, 100, Optional.empty()).events());
    assertEquals(List.of(state), await(store.loadCurrentStates()));
  }

  /** Verifies that an older state arriving later does not replace a newer one, by timestamp then seq. */
  @Test
  void currentStateKeepsNewerWhenOlderArrivesLater() {
    // GIVEN an occupied machine at (T0 + 10 s, seq 5)
    MachineState newest = state(MACHINE, MachineStatus.OCCUPIED, T0 + 10_000, 5);
    record(newest, MachineStatus.FREE);

    // WHEN older states arrive late: an earlier timestamp with a higher seq, and the same timestamp with a lower seq
    record(state(MACHINE, MachineStatus.FREE, T0 + 9_000, 99), MachineStatus.OFFLINE);
    record(state(MACHINE, MachineStatus.OFFLINE, T0 + 10_000, 4), MachineStatus.OCCUPIED);

    // THEN the newest state is still current, while the event log keeps every transition
    assertEquals(List.of(newest), await(store.loadCurrentStates()));
    assertEquals(2, history(MACHINE, 0, Long.MAX_VALUE, 100, Optional.empty()).events().size(),
        "events at T0+9s and T0+10s (the last two share a key)");
  }

  /** Verifies that a newer state replaces the stored one, by timestamp or by seq. */
  @Test
  void currentStateTakesNewerState() {
    record(state(MACHINE, MachineStatus.FREE, T0, 1), MachineStatus.OFFLINE);
    MachineState sameTimeHigherSeq = state(MACHINE, MachineStatus.OCCUPIED, T0, 2);
    record(sameTimeHigherSeq, MachineStatus.FREE);
    assertEquals(List.of(sameTimeHigherSeq), await(store.loadCurrentStates()));

    MachineState later = state(MACHINE, MachineStatus.FREE, T0 + 1, 0);
    record(later, MachineStatus.OCCUPIED);
    assertEquals(List.of(later), await(store.loadCurrentStates()));
  }

  /**
   * Verifies that a state with the same (timestamp, seq) replaces the stored one: a derived offline (Last
   * Will, heartbeat timeout) keeps the device's last (timestamp, seq), and must still become current.
   */
  @Test
  void derivedOfflineWithSameTimestampAndSeqReplacesStoredState() {
    MachineState free = state(MACHINE, MachineStatus.FREE, T0, 3);
    await(store.recordTransition(event(MACHINE, T0, MachineStatus.FREE, MachineStatus.OFFLINE, 3), free));
    MachineState offline = new MachineState(MACHINE, GYM, Category.LEGS, MachineStatus.OFFLINE,
        free.timestamp() + 180, free.timestamp(), free.seq(), free.lastSeenMillis());

    await(store.recordTransition(new MachineEvent(MACHINE, T0 + 180_000, GYM, Category.LEGS, MachineStatus.OFFLINE,
        MachineStatus.FREE, 3, ChangeCause.HEARTBEAT_TIMEOUT), offline));

    assertEquals(List.of(offline), await(store.loadCurrentStates()));
  }

  /** Verifies that current states are kept per machine. */
  @Test
  void currentStatesArePerMachine() {
    MachineState first = state(MACHINE, MachineStatus.FREE, T0, 1);
    MachineState second = state(OTHER, MachineStatus.OCCUPIED, T0 - 5_000, 1);
    record(first, MachineStatus.OFFLINE);
    record(second, MachineStatus.OFFLINE);

    List<MachineState> loaded = new ArrayList<>(await(store.loadCurrentStates()));
    loaded.sort(Comparator.comparing(MachineState::machineId));

    assertEquals(List.of(first, second), loaded);
  }

  /** Verifies that an empty store has no current states and no history. */
  @Test
  void emptyStoreHasNothing() {
    assertEquals(List.of(), await(store.loadCurrentStates()));
    HistoryPage page = history(MACHINE, 0, Long.MAX_VALUE, 10, Optional.empty());
    assertEquals(List.of(), page.events());
    assertEquals(Optional.empty(), page.nextCursor());
  }

  /** Verifies that history holds one machine's events within [from, to], bounds included, newest first. */
  @Test
  void historyReturnsNewestFirstWithinInclusiveRange() {
    // GIVEN ten events a minute apart, and an event of another machine in between
    List<MachineEvent> all = recordEvents(MACHINE, 10);
    await(store.recordTransition(event(OTHER, T0 + 90_000, MachineStatus.OCCUPIED, MachineStatus.FREE, 1),
        state(OTHER, MachineStatus.OCCUPIED, T0 + 90_000, 1)));

    // WHEN the range is the 3rd to the 7th event exactly
    HistoryPage page = history(MACHINE, T0 + 2 * 60_000, T0 + 6 * 60_000, 100, Optional.empty());

    // THEN exactly those five come back, newest first, with no further page
    assertEquals(reversed(all.subList(2, 7)), page.events());
    assertEquals(Optional.empty(), page.nextCursor());
  }

  /** Verifies that following cursors pages through a range with full pages, no gaps and no duplicates. */
  @Test
  void historyPagesWithLimitAndCursorWithoutGapsOrDuplicates() {
    List<MachineEvent> all = recordEvents(MACHINE, 25);

    List<HistoryPage> pages = allPages(MACHINE, 0, Long.MAX_VALUE, 7);

    assertEquals(List.of(7, 7, 7, 4), pages.stream().map(p -> p.events().size()).toList());
    assertEquals(reversed(all), pages.stream().flatMap(p -> p.events().stream()).toList());
  }

  /** Verifies that paging stays inside the requested range and ends with it, whatever the page size. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 13, 14, 100})
  void historyPagingStaysWithinRange(int limit) {
    List<MachineEvent> all = recordEvents(MACHINE, 20);

    List<HistoryPage> pages = allPages(MACHINE, T0 + 3 * 60_000, T0 + 16 * 60_000, limit);

    List<MachineEvent> seen = pages.stream().flatMap(p -> p.events().stream()).toList();
    assertEquals(reversed(all.subList(3, 17)), seen);
    Set<MachineEvent> distinct = new HashSet<>(seen);
    assertEquals(seen.size(), distinct.size(), "no duplicates");
    for (int i = 0; i < pages.size(); i++) {
      int size = pages.get(i).events().size();
      assertTrue(size <= limit, "page " + i + " has " + size + " events, limit " + limit);
      if (i < pages.size() - 1) {
        assertEquals(limit, size, "every page but the last is full");
      }
    }
  }

  /** Verifies that events recorded after a page was read, newer than that page, do not shift later pages. */
  @Test
  void newerEventsDoNotShiftLaterPages() {
    List<MachineEvent> all = recordEvents(MACHINE, 10);
    HistoryPage first = history(MACHINE, 0, Long.MAX_VALUE, 4, Optional.empty());

    recordEvents(OTHER, 3);
    await(store.recordTransition(event(MACHINE, T0 + 3_600_000, MachineStatus.FREE, MachineStatus.OCCUPIED, 99),
        state(MACHINE, MachineStatus.FREE, T0 + 3_600_000, 99)));
    HistoryPage second = history(MACHINE, 0, Long.MAX_VALUE, 4, first.nextCursor());

    assertEquals(reversed(all.subList(6, 10)), first.events());
    assertEquals(reversed(all.subList(2, 6)), second.events());
  }

  /** Verifies that a cursor the store did not issue fails the query with InvalidCursorException. */
  @ParameterizedTest
  @ValueSource(strings = {"garbage", "%%%", "bm90LWEtY3Vyc29y", "dHM6YWJj", "=="})
  void garbageCursorFailsWithInvalidCursorException(String cursor) {
    recordEvents(MACHINE, 3);

    assertThrows(InvalidCursorException.class,
        () -> history(MACHINE, 0, Long.MAX_VALUE, 10, Optional.of(cursor)));
  }

  // ---- helpers ----

  /** Records {@code count} transitions of one machine a minute apart from T0, alternating; oldest first. */
  List<MachineEvent> recordEvents(String machineId, int count) {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MachineStatus status = i % 2 == 0 ? MachineStatus.OCCUPIED : MachineStatus.FREE;
      MachineStatus previous = i % 2 == 0 ? MachineStatus.FREE : MachineStatus.OCCUPIED;
      long at = T0 + i * 60_000L;
      MachineEvent event = event(machineId, at, status, previous, i);
      await(store.recordTransition(event, state(machineId, status, at, i)));
      events.add(event);
    }
    return events;
  }

  void record(MachineState state, MachineStatus previous) {
    long millis = Math.round(state.timestamp() * 1000);
    await(store.recordTransition(event(state.machineId(), millis, state.status(), previous, state.seq()), state));
  }

  HistoryPage history(String machineId, long from, long to, int limit, Optional<String> cursor) {
    return await(store.history(new HistoryQuery(machineId, from, to, limit, cursor)));
  }

  /** Every page of a range, following cursors until there is none; guards against a cursor that never ends. */
  List<HistoryPage> allPages(String machineId, long from, long to, int limit) {
    List<HistoryPage> pages = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      HistoryPage page = history(machineId, from, to, limit, cursor);
      pages.add(page);
      cursor = page.nextCursor();
      assertTrue(pages.size() <= 1_000, "paging does not end");
    } while (cursor.isPresent());
    return pages;
  }

  static MachineEvent event(String machineId, long timestampMillis, MachineStatus status, MachineStatus previous,
      long seq) {
    return new MachineEvent(machineId, timestampMillis, GYM, Category.LEGS, status, previous, seq, ChangeCause.DEVICE);
  }

  static MachineState state(String machineId, MachineStatus status, long timestampMillis, long seq) {
    double seconds = timestampMillis / 1000.0;
    return new MachineState(machineId, GYM, Category.LEGS, status, seconds, seconds, seq, timestampMillis);
  }

  static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

}
