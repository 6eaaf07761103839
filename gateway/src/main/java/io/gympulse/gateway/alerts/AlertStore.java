package io.gympulse.gateway.alerts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Durable alerts (the {@code alerts} table: PK {@code userId}, SK {@code alertId}). */
public interface AlertStore {

  /** Creates or replaces an alert. */
  Future<Void> put(Alert alert);

  Future<Optional<Alert>> get(String userId, String alertId);

  Future<List<Alert>> byUser(String userId);

  Future<Void> delete(String userId, String alertId);

  /** Every alert that may still fire at start-up; expired ones may be included and are filtered by the caller. */
  Future<List<Alert>> loadAll();
}
