package io.gympulse.gateway.upstream;

import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateJournal;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live state's journal in upstream mode, and the meeting point of the two paths. Only the live path applies
 * device reports, in the order the broker delivers a topic, so every instance's live state goes through the same
 * transitions; the durable path of whichever instance the shared subscription gives a report to then stores the
 * transition that report caused on this instance. A device transition is therefore not written when it happens:
 * its outcome is kept, under its report, until the durable path takes it. Transitions the gateway concludes itself
 * (heartbeat expiry) go to {@code recorder} at once.
 *
 * <p>Confined to the live state's writer context, like the live state.
 */
public final class UpstreamJournal implements StateJournal {

  /** Outcomes kept per machine: far more than a machine makes while the durable path catches up. */
  static final int KEPT_PER_MACHINE = 64;

  private final StateJournal recorder;
  private final Map<String, LinkedHashMap<Report, Optional<StateChange>>> untaken = new HashMap<>();
  private final Map<Report, Promise<Optional<StateChange>>> awaited = new HashMap<>();

  /** A device report of one machine, by what orders it. */
  private record Report(String machineId, double timestamp, long seq) {

    static Report of(StatusReport report) {
      return new Report(report.machineId(), report.timestamp(), report.seq());
    }
  }

  public UpstreamJournal(StateJournal recorder) {
    this.recorder = recorder;
  }

  @Override
  public void record(StateChange change) {
    // a device's transition is taken by the durable path through applied(...); the rest is this instance's to store
    if (change.cause() != ChangeCause.DEVICE) {
      recorder.record(change);
    }
  }

  @Override
  public Future<Void> whenDurable(String machineId) {
    return recorder.whenDurable(machineId);
  }

  /** The live path applied {@code report} with {@code result}: the transition it caused, if any, awaits its taker. */
  public void applied(StatusReport report, ApplyResult result) {
    Optional<StateChange> outcome = result.outcome() == ApplyResult.Outcome.TRANSITION
        ? Optional.of(result.change()) : Optional.empty();
    Report key = Report.of(report);
    Promise<Optional<StateChange>> taker = awaited.remove(key);
    if (taker != null) {
      taker.complete(outcome);
      return;
    }
    untaken.computeIfAbsent(report.machineId(), id -> new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Report, Optional<StateChange>> eldest) {
        return size() > KEPT_PER_MACHINE;
      }
    }).put(key, outcome);
  }

  /**
   * The transition {@code report} caused here, once the live path has applied it: empty when it only refreshed the
   * machine or was older than what the machine showed.
   */
  public Future<Optional<StateChange>> take(StatusReport report) {
    Report key = Report.of(report);
    LinkedHashMap<Report, Optional<StateChange>> outcomes = untaken.get(report.machineId());
    if (outcomes != null && outcomes.containsKey(key)) {
      return Future.succeededFuture(outcomes.remove(key));
    }
    return awaited.computeIfAbsent(key, k -> Promise.promise()).future();
  }

  /** Stops waiting for {@code report} (the durable path gave up on the live path and applied it itself). */
  public void forget(StatusReport report) {
    awaited.remove(Report.of(report));
  }
}
