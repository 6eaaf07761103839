package io.gympulse.gateway.store;

import static io.gympulse.gateway.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryMachineStore;
import io.gympulse.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retention and the memory bound of the in-memory stores, on a clock the tests move. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InMemoryRetentionTest {

  private static final String GYM = "hk-central-caine";
  private static final String BUSY = "legpress-centralc-01";
  private static final String QUIET = "legpress-centralc-02";
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);

  /** Verifies that an event is read until 30 days after its timestamp and not at 30 days, and then swept once. */
  @Test
  void eventsExpireThirtyDaysAfterTheirTimestampNotEarlier() {
    // GIVEN an event at T0 (and one a minute later, to show the cut is by each event's own time)
    InMemoryMachineStore store = new InMemoryMachineStore(clock, 1_000);
    record(store, BUSY, T0.toEpochMilli());
    record(store, BUSY, T0.toEpochMilli() + 60_000);

    // WHEN 30 days less a millisecond have passed THEN both are read and a sweep removes nothing
    clock.set(T0.plus(Duration.ofDays(30)).minusMillis(1));
    assertEquals(2, all(store, BUSY).size());
    assertEquals(0, store.sweep(100));

    // WHEN exactly 30 days have passed THEN the first is no longer read, even before a sweep
    clock.set(T0.plus(Duration.ofDays(30)));
    assertEquals(List.of(T0.toEpochMilli() + 60_000), all(store, BUSY));
    assertEquals(2, store.retained().held(), "not swept yet");

    // AND a sweep frees it and counts it, once
    assertEquals(1, store.sweep(100));
    assertEquals(0, store.sweep(100));
    assertEquals(1, store.retained().held());
    assertEquals(1, store.retained().expired());
    assertEquals(0, store.retained().evicted());
  }

  /** Verifies that a bin is read until 90 days after its start and not at 90 days, and then swept. */
  @Test
  void binsExpireNinetyDaysAfterTheirStartNotEarlier() {
    InMemoryAggregateStore store = new InMemoryAggregateStore(clock);
    long start = T0.getEpochSecond();
    await(store.put(bin(start)));
    await(store.put(bin(start + OccupancyBin.LENGTH_SECONDS)));

    clock.set(T0.plus(Duration.ofDays(90)).minusMillis(1));
    assertEquals(2, await(store.range(GYM, Category.LEGS, 0, Long.MAX_VALUE)).size());
    assertEquals(0, store.sweep(100));

    clock.set(T0.plus(Duration.ofDays(90)));
    assertEquals(List.of(bin(start + OccupancyBin.LENGTH_SECONDS)), await(store.range(GYM, Category.LEGS, 0, Long.MAX_VALUE)));
    assertEquals(1, store.sweep(100));
    assertEquals(1, store.retained().held());
    assertEquals(1, store.retained().expired());
  }

  /**
   * Verifies that above the bound the busiest machine loses its oldest events first, so a quiet machine keeps its
   * history even though its events are the oldest of all.
   */
  @Test
  void memoryBoundEvictsOldestEventsOfTheBusiestMachine() {
    // GIVEN a bound of 100 events, and a quiet machine whose 5 events are the oldest
    InMemoryMachineStore store = new InMemoryMachineStore(clock, 100);
    long t = T0.toEpochMilli();
    LongStream.range(0, 5).forEach(i -> record(store, QUIET, t + i));

    // WHEN a busy machine records 150 newer events
    LongStream.range(0, 150).forEach(i -> record(store, BUSY, t + 1_000 + i));

    // THEN 55 of the busy machine's events went, its oldest, and the quiet machine kept all of its own
    assertEquals(100, store.retained().held());
    assertEquals(55, store.retained().evicted());
    assertEquals(0, store.retained().expired());
    assertEquals(LongStream.range(0, 5).map(i -> t + i).boxed().toList(), all(store, QUIET));
    assertEquals(LongStream.range(55, 150).map(i -> t + 1_000 + i).boxed().toList(), all(store, BUSY));
  }

  /** Verifies that above the bound every machine keeps at least its newest event. */
  @Test
  void memoryBoundNeverTakesAMachinesLastEvent() {
    InMemoryMachineStore store = new InMemoryMachineStore(clock, 100);
    long t = T0.toEpochMilli();
    List<String> machines = LongStream.range(0, 120).mapToObj(i -> "machine-" + i).toList();
    machines.forEach(machine -> record(store, machine, t));

    machines.forEach(machine -> assertEquals(List.of(t), all(store, machine), machine));
    assertEquals(0, store.retained().evicted());
  }

  /** Verifies that a sweep does at most its budget of work and the rest is left for the next one. */
  @Test
  void sweepRemovesAtMostItsBudget() {
    InMemoryMachineStore store = new InMemoryMachineStore(clock, 10_000);
    long t = T0.toEpochMilli();
    LongStream.range(0, 2_500).forEach(i -> record(store, i % 2 == 0 ? BUSY : QUIET, t + i));
    clock.set(T0.plus(Duration.ofDays(31)));

    assertEquals(List.of(1_000, 1_000, 500, 0),
        List.of(store.sweep(1_000), store.sweep(1_000), store.sweep(1_000), store.sweep(1_000)));
    assertEquals(0, store.retained().held());
    assertEquals(2_500, store.retained().expired());
  }

  private static void record(InMemoryMachineStore store, String machineId, long timestampMillis) {
    MachineEvent event = new MachineEvent(machineId, timestampMillis, GYM, Category.LEGS, MachineStatus.OCCUPIED,
        MachineStatus.FREE, timestampMillis, ChangeCause.DEVICE);
    MachineState state = new MachineState(machineId, GYM, Category.LEGS, MachineStatus.OCCUPIED,
        timestampMillis / 1000.0, timestampMillis / 1000.0, timestampMillis, timestampMillis);
    await(store.recordTransition(event, state));
  }

  /** Every readable event timestamp of a machine, oldest first. */
  private static List<Long> all(InMemoryMachineStore store, String machineId) {
    HistoryPage page = await(store.history(new HistoryQuery(machineId, 0, Long.MAX_VALUE, 10_000, Optional.empty())));
    return page.events().stream().map(MachineEvent::timestampMillis).sorted().toList();
  }

  private static OccupancyBin bin(long start) {
    return new OccupancyBin(GYM, Category.LEGS, start, 450, 900, 450, 900, 0, 1, 2);
  }
}
