package io.gympulse.gateway.store;

import io.gympulse.gateway.state.MachineState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The embedded default store ({@code STORE=memory}): the same contract as DynamoDB, in process memory.
 * "Durable" here means "accepted by the store"; nothing survives the process. Thread-safe.
 */
public final class InMemoryStore implements MachineStore {

  private final Map<String, MachineState> currentState = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Long, MachineEvent>> events = new ConcurrentHashMap<>();

  @Override
  public Future<Void> recordTransition(MachineEvent event, MachineState state) {
    events.computeIfAbsent(event.machineId(), id -> new ConcurrentSkipListMap<>())
        .put(event.timestampMillis(), event);
    currentState.merge(state.machineId(), state, InMemoryStore::newer);
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
    NavigableMap<Long, MachineEvent> log = events.getOrDefault(query.machineId(), new ConcurrentSkipListMap<>());
    List<MachineEvent> page = new ArrayList<>();
    Optional<String> next = Optional.empty();
    if (upper >= query.fromMillis()) {
      for (MachineEvent event : log.subMap(query.fromMillis(), true, upper, true).descendingMap().values()) {
        if (page.size() == query.limit()) {
          next = Optional.of(HistoryCursor.encode(page.get(page.size() - 1).timestampMillis()));
          break;
        }
        page.add(event);
      }
    }
    return Future.succeededFuture(new HistoryPage(List.copyOf(page), next));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
