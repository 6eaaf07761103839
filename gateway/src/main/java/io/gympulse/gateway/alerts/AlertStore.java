package io.gympulse.gateway.alerts;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable alerts (the {@code alerts} table: PK {@code userId}, SK {@code alertId}). */
public interface AlertStore {

  /** Creates or replaces an alert. */
  Future<Void> put(Alert alert);

  /**
   * Marks an alert fired at {@code firedAt}, only if it is still as {@code seen} says (fired then, or never) and still
   * there: a conditional write, so of several instances firing one alert for the same transition exactly one wins,
   * and one that saw an old version loses. Completes with whether this call won.
   */
  Future<Boolean> claimFiring(Alert seen, Instant firedAt);

  Future<Optional<Alert>> get(String userId, String alertId);

  Future<List<Alert>> byUser(String userId);

  Future<Void> delete(String userId, String alertId);

  /** Every alert that may still fire at start-up; expired ones may be included and are filtered by the caller. */
  Future<List<Alert>> loadAll();
}
