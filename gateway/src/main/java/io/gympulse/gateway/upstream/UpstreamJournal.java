package io.gympulse.gateway.upstream;

import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateJournal;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live state's journal in upstream mode, and the meeting point of the two paths. Only the live path applies
 * device reports, in the order the broker delivers a topic, so every instance's live state goes through the same
 * transitions; the durable path of whichever instance the shared subscription gives a report to then stores the
 * transition that report caused on this instance. A device transition is therefore not written when it happens:
 * its outcome is kept, under its report, for {@link #KEPT_FOR} after the live path applied it. Taking an outcome does
 * not remove it: a message the broker sends again (its first taker died or was taken over before acknowledging it,
 * maybe on another instance) finds the same outcome here and stores the same event again, which the store keeps once.
 *
 * <p>Offline transitions have no report of their own, and every instance concludes them. A Last Will is a message
 * like a report (the broker publishes it): the live path marks the machine offline and keeps that transition for the
 * durable path that gets the Will. A heartbeat expiry is stored by the instance whose durable path took the
 * machine's last report (exactly one did), so it is written once; if that instance is gone, it is not written and
 * the live state still shows the machine offline.
 *
 * <p>Confined to the live state's writer context, like the live state.
 */
public final class UpstreamJournal implements StateJournal {

  /**
   * How long an outcome is kept: longer than a message waits for a durable path, also when a dead instance's session
   * is adopted (once more if its first adopter fails). A message sent again after that is applied by the durable path
   * itself, which stores it only if it is still news.
   */
  static final Duration KEPT_FOR = Duration.ofSeconds(60);
  /** A bound per machine whatever its rate, so a flooding device cannot fill the memory. */
  static final int MOST_KEPT_PER_MACHINE = 4096;

  private final StateJournal recorder;
  private final Clock clock;
  private final Map<String, LinkedHashMap<Report, Outcome>> outcomes = new HashMap<>();
  private final Map<Report, Promise<Optional<StateChange>>> awaited = new HashMap<>();
  /** Per machine, the last report this instance's durable path took: this instance stores the machine's expiry. */
  private final Map<String, Report> lastTakenHere = new HashMap<>();
  private final Map<String, StateChange> untakenWills = new HashMap<>();
  private final Map<String, Promise<Optional<StateChange>>> awaitedWills = new HashMap<>();

  /** A device report of one machine, by what orders it. */
  private record Report(String machineId, double timestamp, long seq) {

    static Report of(StatusReport report) {
      return new Report(report.machineId(), report.timestamp(), report.seq());
    }

    boolean isNewerThan(Report other) {
      int byTime = Double.compare(timestamp, other.timestamp);
      return byTime > 0 || byTime == 0 && seq > other.seq;
    }
  }

  /** What applying a report did, and when: kept for {@link #KEPT_FOR}. */
  private record Outcome(Optional<StateChange> transition, long appliedAtMillis) {
  }

  public UpstreamJournal(StateJournal recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public void record(StateChange change) {
    // a device's transition and a Will's are taken by the durable path (applied(...), willApplied(...))
    if (change.cause() == ChangeCause.HEARTBEAT_TIMEOUT && tookLastReport(change)) {
      recorder.record(change);
    }
  }

  private boolean tookLastReport(StateChange change) {
    Report last = new Report(change.previous().machineId(), change.previous().timestamp(), change.previous().seq());
    return last.equals(lastTakenHere.get(change.previous().machineId()));
  }

  /** The live path applied a Last Will of {@code machineId}: the offline transition it caused awaits the durable path. */
  public void willApplied(String machineId, Optional<StateChange> change) {
    Promise<Optional<StateChange>> taker = awaitedWills.remove(machineId);
    if (taker != null) {
      taker.complete(change);
    } else {
      change.ifPresentOrElse(offline -> untakenWills.put(machineId, offline), () -> untakenWills.remove(machineId));
    }
  }

  /** The offline transition the latest Last Will of {@code machineId} caused here, once the live path applied it. */
  public Future<Optional<StateChange>> takeWill(String machineId) {
    if (untakenWills.containsKey(machineId)) {
      return Future.succeededFuture(Optional.of(untakenWills.remove(machineId)));
    }
    return awaitedWills.computeIfAbsent(machineId, id -> Promise.promise()).future();
  }

  /** Stops waiting for a Will of {@code machineId}. */
  public void forgetWill(String machineId) {
    awaitedWills.remove(machineId);
  }

  @Override
  public Future<Void> whenDurable(String machineId) {
    return recorder.whenDurable(machineId);
  }

  /** The live path applied {@code report} with {@code result}: the transition it caused, if any, awaits its taker. */
  public void applied(StatusReport report, ApplyResult result) {
    Optional<StateChange> outcome = result.transition();
    Report key = Report.of(report);
    Promise<Optional<StateChange>> taker = awaited.remove(key);
    if (taker != null) {
      taker.complete(outcome);
    }
    long now = clock.millis();
    LinkedHashMap<Report, Outcome> kept = outcomes.computeIfAbsent(report.machineId(), id -> new LinkedHashMap<>());
    kept.put(key, new Outcome(outcome, now));
    // oldest first: drop what is past keeping, and past the bound
    var oldest = kept.values().iterator();
    while (oldest.hasNext()) {
      Outcome eldest = oldest.next();
      if (kept.size() <= MOST_KEPT_PER_MACHINE && now - eldest.appliedAtMillis() <= KEPT_FOR.toMillis()) {
        break;
      }
      oldest.remove();
    }
  }

  /**
   * The transition {@code report} caused here, once the live path has applied it: empty when it only refreshed the
   * machine or was older than what the machine showed.
   */
  public Future<Optional<StateChange>> take(StatusReport report) {
    Report key = Report.of(report);
    lastTakenHere.merge(report.machineId(), key, (earlier, later) -> later.isNewerThan(earlier) ? later : earlier);
    LinkedHashMap<Report, Outcome> kept = outcomes.get(report.machineId());
    Outcome outcome = kept == null ? null : kept.get(key);
    if (outcome != null) {
      return Future.succeededFuture(outcome.transition());
    }
    return awaited.computeIfAbsent(key, k -> Promise.promise()).future();
  }

  /** Stops waiting for {@code report} (the durable path gave up on the live path and applied it itself). */
  public void forget(StatusReport report) {
    awaited.remove(Report.of(report));
  }
}
