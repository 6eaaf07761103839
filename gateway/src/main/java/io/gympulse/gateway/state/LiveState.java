package io.gympulse.gateway.state;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.metrics.GatewayMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Current state of every catalog machine plus per-branch and per-branch-category counts.
 *
 * <p>Single writer: the mutating methods run only on the live-state context (see {@link
 * LiveStateVerticle}), which keeps transitions totally ordered and lets counts be maintained
 * incrementally in O(1) per update. Readers on any thread see immutable records through concurrent
 * maps; per key they are always consistent, across keys they may be a moment apart.
 *
 * <p>Every transition goes to the {@link StateJournal} first, before the state changes and before any listener hears
 * of it. Durability is a constructor dependency, not a listener, so no registration order can break it. Listeners
 * are isolated from each other: one that throws is logged and counted, and the others still hear of the change.
 */
public final class LiveState {

  private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);
  /** A broken listener fails on every transition; a few lines with their stack traces tell the story. */
  private static final BoundedRateLog LISTENER_FAILURES = new BoundedRateLog(LOG, 5, 10_000);
  private static final BoundedRateLog EXPIRY_FAILURES = new BoundedRateLog(LOG, 5, 10_000);

  private final Catalog catalog;
  private final StateJournal journal;
  private final GatewayMetrics metrics;
  private final Map<String, MachineState> machines = new ConcurrentHashMap<>();
  private final Map<String, Counts> categoryCounts = new ConcurrentHashMap<>();
  private final Map<String, Counts> branchCounts = new ConcurrentHashMap<>();
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
  /** Reporting machines, least recently heard first: the heartbeat sweep only looks at the head. */
  private final LinkedHashMap<String, Long> silence = new LinkedHashMap<>();

  /**
   * All machines start {@code offline} (nothing heard yet) at {@code startSeconds}.
   *
   * @param journal records every transition before it is applied; see {@link StateJournal}
   * @param metrics counts listeners that fail
   */
  public LiveState(Catalog catalog, double startSeconds, StateJournal journal, GatewayMetrics metrics) {
    this.catalog = catalog;
    this.journal = journal;
    this.metrics = metrics;
    for (Machine machine : catalog.machines()) {
      MachineState state = new MachineState(machine.machineId(), machine.gymId(), machine.category(),
          MachineStatus.OFFLINE, startSeconds, 0, StatusReport.NO_SEQ, 0);
      machines.put(machine.machineId(), state);
      adjustCounts(state, null, MachineStatus.OFFLINE);
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  public void addListener(StateListener listener) {
    listeners.add(listener);
  }

  /**
   * Seeds state loaded from the store at start-up (warm restart), before any report is applied.
   * Restored machines get a full heartbeat window from {@code nowMillis} to report again.
   */
  public void restore(Collection<MachineState> stored, long nowMillis) {
    for (MachineState saved : stored) {
      MachineState current = machines.get(saved.machineId());
      if (current == null) {
        continue; // no longer in the catalog
      }
      MachineState restored = new MachineState(current.machineId(), current.gymId(), current.category(),
          saved.status(), saved.since(), saved.timestamp(), saved.seq(), nowMillis);
      machines.put(restored.machineId(), restored);
      adjustCounts(restored, current.status(), restored.status());
      if (restored.status() != MachineStatus.OFFLINE) {
        silence.put(restored.machineId(), nowMillis);
      }
    }
  }

  /**
   * Takes from the store what is newer than what this instance shows: with several instances, the reports that
   * reached the others while this one was not subscribed yet (starting, or cut off from the broker) were stored by
   * them. A stored state is newer by (timestamp, seq), or, for the same report, when it went offline later (a Last
   * Will or an expiry). Listeners hear of each change; the journal does not, because the store has it already.
   *
   * @return the changes of status it made
   */
  public List<StateChange> catchUp(Collection<MachineState> stored, long nowMillis) {
    List<StateChange> changes = new ArrayList<>();
    for (MachineState saved : stored) {
      MachineState current = machines.get(saved.machineId());
      if (current == null || !isNewer(saved, current)) {
        continue;
      }
      MachineState next = new MachineState(current.machineId(), current.gymId(), current.category(), saved.status(),
          saved.since(), saved.timestamp(), saved.seq(), nowMillis);
      if (next.status() == current.status()) {
        machines.put(next.machineId(), next);
      } else {
        // the device's report (or the conclusion that it is gone) that another instance stored
        changes.add(announce(change(current, next, ChangeCause.DEVICE)));
      }
      silence.remove(next.machineId());
      if (next.status() != MachineStatus.OFFLINE) {
        silence.put(next.machineId(), nowMillis);
      }
    }
    return changes;
  }

  private static boolean isNewer(MachineState saved, MachineState current) {
    if (!current.reflects(saved.timestamp(), saved.seq())) {
      return current.isOlderThan(saved.timestamp(), saved.seq());
    }
    return saved.status() == MachineStatus.OFFLINE && current.status() != MachineStatus.OFFLINE
        && saved.since() > current.since();
  }

  /** Applies a validated device report; the machine must be in the catalog. */
  public ApplyResult apply(StatusReport report) {
    MachineState current = machines.get(report.machineId());
    if (!current.isOlderThan(report)) {
      return current.reflects(report.timestamp(), report.seq()) ? ApplyResult.DUPLICATE : ApplyResult.STALE;
    }
    MachineState next = current.withReport(report);
    ApplyResult result;
    if (next.status() == current.status()) {
      machines.put(next.machineId(), next);
      result = ApplyResult.REFRESH;
    } else {
      // a journal that refuses the change throws here, before the report changed anything: its re-delivery applies anew
      result = new ApplyResult(ApplyResult.Outcome.TRANSITION, transition(current, next, ChangeCause.DEVICE));
    }
    silence.remove(next.machineId());
    silence.put(next.machineId(), report.receivedAtMillis());
    return result;
  }

  /** Marks a machine offline because its device went away; empty if it already was. */
  public Optional<StateChange> markOffline(String machineId, ChangeCause cause, double nowSeconds) {
    MachineState current = machines.get(machineId);
    if (current == null || current.status() == MachineStatus.OFFLINE) {
      silence.remove(machineId);
      return Optional.empty();
    }
    StateChange change = transition(current, current.offlineSince(nowSeconds), cause);
    silence.remove(machineId);
    return Optional.of(change);
  }

  /** Marks offline every machine not heard from since {@code cutoffMillis}; O(number expired). */
  public List<StateChange> expireSilentSince(long cutoffMillis, double nowSeconds) {
    List<String> expired = new ArrayList<>();
    Iterator<Map.Entry<String, Long>> oldestFirst = silence.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<String, Long> entry = oldestFirst.next();
      if (entry.getValue() > cutoffMillis) {
        break;
      }
      expired.add(entry.getKey());
      oldestFirst.remove();
    }
    List<StateChange> changes = new ArrayList<>();
    for (String machineId : expired) {
      try {
        markOffline(machineId, ChangeCause.HEARTBEAT_TIMEOUT, nowSeconds).ifPresent(changes::add);
      } catch (RuntimeException e) {
        // The journal refused the change, so the state is unchanged: watch the machine again, and the next
        // sweep after another window tries once more, instead of the rest of this sweep being skipped.
        silence.put(machineId, (long) (nowSeconds * 1000));
        EXPIRY_FAILURES.warn("heartbeat expiry not recorded, retried later [machine: {}]", machineId, e);
      }
    }
    return changes;
  }

  /** Journal first, then the state, then each listener; a journal that throws leaves the state as it was. */
  private StateChange transition(MachineState current, MachineState next, ChangeCause cause) {
    StateChange change = change(current, next, cause);
    journal.record(change);
    return announce(change);
  }

  private StateChange change(MachineState current, MachineState next, ChangeCause cause) {
    Counts countsAfter = counts(next.gymId(), next.category()).plus(Counts.delta(current.status(), next.status()));
    return new StateChange(current, next, countsAfter, cause);
  }

  /** The state, then each listener. */
  private StateChange announce(StateChange change) {
    MachineState next = change.current();
    machines.put(next.machineId(), next);
    adjustCounts(next, change.previous().status(), next.status());
    for (StateListener listener : listeners) {
      tell(listener, change);
    }
    return change;
  }

  private void tell(StateListener listener, StateChange change) {
    try {
      listener.onChange(change);
    } catch (RuntimeException e) {
      String name = listenerName(listener);
      metrics.stateListenerFailed(name);
      LISTENER_FAILURES.warn("state listener failed; the other listeners still run [listener: {}, machine: {}, "
          + "change: {} -> {}, by: {}, reason: {}]", name, change.current().machineId(),
          change.previous().status().wireName(), change.current().status().wireName(), change.cause().wireName(),
          e.toString(), e);
    }
  }

  /** The listener's class, for logs and a metric tag; anonymous classes have no simple name. */
  private static String listenerName(StateListener listener) {
    String simple = listener.getClass().getSimpleName();
    return simple.isEmpty() ? listener.getClass().getName() : simple;
  }

  private void adjustCounts(MachineState state, MachineStatus from, MachineStatus to) {
    branchCounts.merge(state.gymId(), Counts.delta(from, to), Counts::plus);
    categoryCounts.merge(key(state.gymId(), state.category()), Counts.delta(from, to), Counts::plus);
  }

  // ---- readers: safe from any thread ----

  public Optional<MachineState> machine(String machineId) {
    return Optional.ofNullable(machines.get(machineId));
  }

  public Counts counts(String gymId, Category category) {
    return categoryCounts.getOrDefault(key(gymId, category), Counts.ZERO);
  }

  public Counts branchCounts(String gymId) {
    return branchCounts.getOrDefault(gymId, Counts.ZERO);
  }

  /** Counts of every machine in the chain; sums the branches, so O(branches). */
  public Counts chainCounts() {
    return branchCounts.values().stream().reduce(Counts.ZERO, Counts::plus);
  }

  private static String key(String gymId, Category category) {
    return gymId + '/' + category.wireName();
  }
}
