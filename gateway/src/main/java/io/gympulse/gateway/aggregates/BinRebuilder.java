package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds the bins a gateway missed while it was down, from the event log: each machine's status at the
 * start of the gap (its last event before it) and its events in the gap are replayed through a
 * {@link BinAccumulator}. Only bins not already stored are written. Looks back at most
 * {@link #MAX_GAP}: a longer outage keeps its older bins empty rather than delaying start-up.
 */
public final class BinRebuilder {

  static final Duration MAX_GAP = Duration.ofHours(24);
  private static final int PAGE = 500;

  private final Catalog catalog;
  private final MachineStore events;
  private final AggregateStore bins;

  public BinRebuilder(Catalog catalog, MachineStore events, AggregateStore bins) {
    this.catalog = catalog;
    this.events = events;
    this.bins = bins;
  }

  /**
   * Rebuilds every branch category up to the bin containing {@code nowSeconds}; completes with bins written.
   * One category at a time: the async SDK marshals and signs each request on the calling event loop, so
   * issuing every query of the chain at once would hold that loop for hundreds of milliseconds.
   */
  public Future<Integer> rebuild(double nowSeconds) {
    long end = OccupancyBin.startOf(nowSeconds);
    long start = end - MAX_GAP.toSeconds();
    Future<Integer> written = Future.succeededFuture(0);
    for (var branch : catalog.branches()) {
      for (Category category : Category.values()) {
        written = written.compose(sum -> rebuild(branch.id(), category, start, end).map(count -> sum + count));
      }
    }
    return written;
  }

  private Future<Integer> rebuild(String gymId, Category category, long start, long end) {
    return bins.range(gymId, category, start, end).compose(stored -> {
      Set<Long> present = new HashSet<>();
      stored.forEach(bin -> present.add(bin.binStart()));
      long gapStart = stored.isEmpty() ? start : stored.get(stored.size() - 1).binStart() + OccupancyBin.LENGTH_SECONDS;
      if (gapStart >= end) {
        return Future.succeededFuture(0);
      }
      List<Machine> machines = catalog.machines(gymId, category);
      List<Future<Replay>> replays = machines.stream().map(m -> replay(m.machineId(), gapStart, end)).toList();
      return Future.all(replays).compose(done -> {
        List<Replay> all = done.list();
        if (all.stream().allMatch(r -> r.changes().isEmpty() && r.initial() == MachineStatus.OFFLINE)) {
          return Future.succeededFuture(0); // nothing was ever heard: no bins to invent
        }
        List<OccupancyBin> rebuilt = accumulate(gymId, category, all, gapStart, end).stream()
            .filter(bin -> !present.contains(bin.binStart())).toList();
        return Future.all(rebuilt.stream().map(bins::put).toList()).map(rebuilt.size());
      });
    });
  }

  private static List<OccupancyBin> accumulate(String gymId, Category category, List<Replay> replays, long start, long end) {
    Counts counts = Counts.ZERO;
    List<MachineEvent> timeline = new ArrayList<>();
    for (Replay replay : replays) {
      counts = counts.plus(Counts.delta(null, replay.initial()));
      timeline.addAll(replay.changes());
    }
    timeline.sort(Comparator.comparingLong(MachineEvent::timestampMillis));
    BinAccumulator accumulator = new BinAccumulator(gymId, category, counts, start);
    List<OccupancyBin> closed = new ArrayList<>();
    for (MachineEvent event : timeline) {
      counts = counts.plus(Counts.delta(event.previousStatus(), event.status()));
      closed.addAll(accumulator.changed(counts, event.timestampMillis() / 1000.0));
    }
    closed.addAll(accumulator.advanceTo(end));
    return closed;
  }

  /** A machine's status when the gap starts and its transitions during the gap, oldest first. */
  private record Replay(MachineStatus initial, List<MachineEvent> changes) {
  }

  private Future<Replay> replay(String machineId, long start, long end) {
    Future<MachineStatus> initial = events.history(new HistoryQuery(machineId, 0, start * 1000 - 1, 1, Optional.empty()))
        .map(page -> page.events().isEmpty() ? MachineStatus.OFFLINE : page.events().get(0).status());
    Future<List<MachineEvent>> changes = collect(machineId, start * 1000, end * 1000 - 1, Optional.empty(), new ArrayList<>());
    return Future.all(initial, changes).map(both -> {
      List<MachineEvent> oldestFirst = new ArrayList<>(both.<List<MachineEvent>>resultAt(1));
      oldestFirst.sort(Comparator.comparingLong(MachineEvent::timestampMillis));
      return new Replay(both.resultAt(0), oldestFirst);
    });
  }

  private Future<List<MachineEvent>> collect(String machineId, long fromMillis, long toMillis, Optional<String> cursor,
      List<MachineEvent> into) {
    return events.history(new HistoryQuery(machineId, fromMillis, toMillis, PAGE, cursor)).compose((HistoryPage page) -> {
      into.addAll(page.events());
      return page.nextCursor().isPresent() ? collect(machineId, fromMillis, toMillis, page.nextCursor(), into)
          : Future.succeededFuture(into);
    });
  }
}
