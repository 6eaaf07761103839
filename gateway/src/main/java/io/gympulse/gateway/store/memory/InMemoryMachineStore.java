package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.HistoryCursor;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.InvalidCursorException;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.Retention;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded default store ({@code STORE=memory}): the same contract as DynamoDB, in process memory.
 * "Durable" here means "accepted by the store"; nothing survives the process. Thread-safe.
 *
 * <p>Events follow the DynamoDB design's TTL ({@link Retention#EVENTS} after their timestamp, by the
 * injected clock: never returned once that old, freed by {@link #sweep(int)}) and a memory bound of
 * {@code maxEvents}, above which the oldest event of the machine holding the most goes first. Current state
 * is one row per machine, bounded by the catalog, and is kept like the DynamoDB table keeps it: forever.
 */
public final class InMemoryMachineStore implements MachineStore, RetainingStore {

  private final Clock clock;
  private final Map<String, MachineState> currentState = new ConcurrentHashMap<>();
  private final RetainedLogs<MachineEvent> events;

  public InMemoryMachineStore(Clock clock, int maxEvents) {
    this.clock = clock;
    this.events = new RetainedLogs<>(maxEvents);
  }

  @Override
  public Future<Void> recordTransition(MachineEvent event, MachineState state) {
    events.put(event.machineId(), event.timestampMillis(), event);
    currentState.merge(state.machineId(), state, InMemoryMachineStore::newer);
    return Future.succeededFuture();
  }

  /** The conditional put of the DynamoDB design: only a state at least as new replaces the stored one. */
  private static MachineState newer(MachineState stored, MachineState candidate) {
    return StateOrder.isAtLeastAsNew(candidate, stored) ? candidate : stored;
  }

  @Override
  public Future<List<MachineState>> loadCurrentStates() {
    return Future.succeededFuture(List.copyOf(currentState.values()));
  }

  @Override
  public Future<HistoryPage> history(HistoryQuery query) {
    long upper;
    try {
      upper = query.cursor().map(HistoryCursor::decode).map(sk -> Math.min(sk - 1, query.toMillis()))
          .orElse(query.toMillis());
    } catch (InvalidCursorException e) {
      return Future.failedFuture(e);
    }
    // expired events not yet swept are still in memory: the read hides them, as DynamoDB's TTL would
    long lower = Math.max(query.fromMillis(), expiredThrough() + 1);
    List<MachineEvent> page = new ArrayList<>();
    Optional<String> next = Optional.empty();
    if (upper >= lower) {
      for (MachineEvent event : events.log(query.machineId()).subMap(lower, true, upper, true).descendingMap().values()) {
        if (page.size() == query.limit()) {
          next = Optional.of(HistoryCursor.encode(page.get(page.size() - 1).timestampMillis()));
          break;
        }
        page.add(event);
      }
    }
    return Future.succeededFuture(new HistoryPage(List.copyOf(page), next));
  }

  /** The newest event timestamp that is expired now: an event is kept for less than the retention, not a moment more. */
  private long expiredThrough() {
    return clock.millis() - Retention.EVENTS.toMillis();
  }

  @Override
  public String itemKind() {
    return "events";
  }

  @Override
  public RetainedLogs<?> retained() {
    return events;
  }

  @Override
  public int sweep(int budget) {
    return events.expireThrough(expiredThrough(), budget);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
