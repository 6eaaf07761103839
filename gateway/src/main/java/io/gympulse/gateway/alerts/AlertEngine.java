package io.gympulse.gateway.alerts;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires "notify me when free" alerts. On every occupied→free transition it looks up the alerts waiting
 * for that machine or for its branch category in an in-memory index (never a scan), skips those in
 * their quiet hours (in the branch's time zone) or cooling down, claims the firing in the store and,
 * when the claim wins, delivers it to every connection of its owner. One-shot alerts are then done;
 * repeating ones wait out their cooldown.
 *
 * <p>With several instances every one sees the transition and holds every alert (changes made through
 * one are announced through {@link AlertChanges}, and the others re-read them), so every one tries to
 * fire; the claim, a conditional write on the version each saw, lets exactly one win. A loser re-reads
 * the alert, so its index catches up.
 *
 * <p>Runs on the live state's writer context: transitions, index changes and deliveries are ordered
 * without locks; REST calls hop onto it.
 */
public final class AlertEngine implements StateListener, Component {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
  static final long SWEEP_MILLIS = 60_000;

  private final Vertx vertx;
  private final Context writer;
  private final Catalog catalog;
  private final AlertStore store;
  private final AlertDelivery delivery;
  private final AlertChanges changes;
  private final Clock clock;
  private final AlertIndex index = new AlertIndex();
  private long sweepTimer = -1;

  public AlertEngine(Vertx vertx, Context writer, Catalog catalog, AlertStore store, AlertDelivery delivery,
      AlertChanges changes, Clock clock) {
    this.vertx = vertx;
    this.writer = writer;
    this.catalog = catalog;
    this.store = store;
    this.delivery = delivery;
    this.changes = changes;
    this.clock = clock;
  }

  /** Loads the alerts that can still fire (they survive restarts) and starts the expiry sweep. */
  @Override
  public Future<Void> start() {
    return reload().compose(loaded -> onWriter(() -> {
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
      LOG.info("alerts loaded [active: {}]", index.size());
      return null;
    }));
  }

  /**
   * Replaces the index with the store's alerts that can still fire: at start, and when this instance may have missed
   * changes announced by others (its broker connection was down).
   */
  public Future<Void> reload() {
    return store.loadAll().compose(stored -> onWriter(() -> {
      Instant now = clock.instant();
      index.clear();
      stored.stream().filter(alert -> alert.isActive(now)).forEach(index::put);
      return null;
    }));
  }

  /** Re-reads one alert, after another instance announced a change to it or won its firing. */
  public Future<Void> refresh(String userId, String alertId) {
    return store.get(userId, alertId).compose(stored -> onWriter(() -> {
      Optional<Alert> armed = stored.filter(alert -> alert.isActive(clock.instant()));
      armed.ifPresentOrElse(index::put, () -> index.remove(alertId));
      return null;
    }));
  }

  /** Stops the expiry sweep, on the writer context where {@link #start()} set it. */
  @Override
  public Future<Void> stop() {
    return onWriter(() -> vertx.cancelTimer(sweepTimer)).mapEmpty();
  }

  // ---- requests (any thread) ----

  /** Stores a new alert, then arms it. */
  public Future<Alert> create(Alert alert) {
    return store.put(alert).compose(stored -> onWriter(() -> {
      index.put(alert);
      changes.changed(alert.userId(), alert.alertId());
      return alert;
    }));
  }

  /** The user's alerts, active first, newest first within each group. */
  public Future<List<Alert>> list(String userId) {
    Instant now = clock.instant();
    return store.byUser(userId).map(alerts -> alerts.stream()
        .sorted(Comparator.comparing((Alert a) -> !a.isActive(now)).thenComparing(Alert::createdAt, Comparator.reverseOrder()))
        .toList());
  }

  public Future<Optional<Alert>> get(String userId, String alertId) {
    return store.get(userId, alertId);
  }

  /** Replaces an alert of its owner (new quiet hours or expiry) and re-arms it if it can still fire. */
  public Future<Alert> replace(Alert updated) {
    return store.put(updated).compose(stored -> onWriter(() -> {
      if (updated.isActive(clock.instant())) {
        index.put(updated);
      } else {
        index.remove(updated.alertId());
      }
      changes.changed(updated.userId(), updated.alertId());
      return updated;
    }));
  }

  public Future<Void> delete(String userId, String alertId) {
    return store.delete(userId, alertId).compose(deleted -> onWriter(() -> {
      index.remove(alertId);
      changes.changed(userId, alertId);
      return null;
    }));
  }

  private <T> Future<T> onWriter(Callable<T> action) {
    Promise<T> result = Promise.promise();
    writer.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  // ---- matching (writer context) ----

  @Override
  public void onChange(StateChange change) {
    if (change.previous().status() != MachineStatus.OCCUPIED || change.current().status() != MachineStatus.FREE) {
      return;
    }
    MachineState machine = change.current();
    AlertTarget asMachine = AlertTarget.machine(machine.machineId(), machine.gymId(), machine.category());
    AlertTarget asCategory = AlertTarget.category(machine.gymId(), machine.category());
    Instant now = clock.instant();
    for (Alert alert : index.waitingFor(asMachine.key(), asCategory.key())) {
      if (!alert.isActive(now)) {
        index.remove(alert.alertId());
      } else if (!isQuiet(alert, now) && !alert.isCoolingDown(now)) {
        fire(alert, machine, now);
      }
    }
  }

  private boolean isQuiet(Alert alert, Instant now) {
    return alert.quietHours().filter(quiet -> catalog.branch(alert.target().gymId())
        .map(branch -> quiet.contains(now.atZone(branch.timeZone()))).orElse(false)).isPresent();
  }

  private void fire(Alert alert, MachineState machine, Instant now) {
    Alert fired = alert.firedAt(now);
    // the index moves on at once, so another transition before the claim's answer does not fire it again
    if (fired.oneShot()) {
      index.remove(alert.alertId());
    } else {
      index.put(fired);
    }
    store.claimFiring(alert, now).onComplete(claim -> writer.runOnContext(v -> {
      if (claim.failed()) {
        // not delivered: with several instances each would deliver it. Armed again for the next transition.
        LOG.warn("alert not fired, its claim could not be stored [alert: {}, reason: {}]", alert.alertId(),
            claim.cause().toString());
        index.put(alert);
      } else if (!claim.result()) {
        LOG.debug("alert fired elsewhere or changed [alert: {}, machine: {}]", alert.alertId(), machine.machineId());
        refresh(alert.userId(), alert.alertId());
      } else {
        delivery.deliverToUser(alert.userId(), message(fired, machine).toBuffer().getBytes());
        LOG.debug("alert fired [alert: {}, machine: {}]", alert.alertId(), machine.machineId());
      }
    }));
  }

  private JsonObject message(Alert alert, MachineState machine) {
    String machineName = catalog.machine(machine.machineId()).map(Machine::name).orElse(machine.machineId());
    String branchName = catalog.branch(machine.gymId()).map(b -> b.name()).orElse(machine.gymId());
    return new JsonObject()
        .put("type", "alert")
        .put("alertId", alert.alertId())
        .put("machineId", machine.machineId())
        .put("gymId", machine.gymId())
        .put("category", machine.category().wireName())
        .put("status", MachineStatus.FREE.wireName())
        .put("firedAt", alert.firedAt().orElseThrow().toString())
        .put("message", machineName + " at " + branchName + " is free now");
  }

  private void sweep() {
    Instant now = clock.instant();
    for (Alert alert : index.all()) {
      if (!alert.isActive(now)) {
        index.remove(alert.alertId());
        if (!now.isBefore(alert.expiresAt())) {
          // DynamoDB's TTL would remove it too, within a couple of days; deleting now keeps lists tidy.
          store.delete(alert.userId(), alert.alertId());
        }
      }
    }
  }

  /** Alerts armed right now (from any thread): every instance should hold the same number. */
  public int armed() {
    return index.size();
  }
}
