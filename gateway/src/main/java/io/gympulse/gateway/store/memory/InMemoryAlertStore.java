package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.alerts.Alert;
import io.gympulse.gateway.alerts.AlertStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded {@link AlertStore}; nothing survives the process. */
public final class InMemoryAlertStore implements AlertStore {

  private final Map<String, Alert> alerts = new ConcurrentHashMap<>();

  private static String key(String userId, String alertId) {
    return userId + '\n' + alertId;
  }

  @Override
  public Future<Void> put(Alert alert) {
    alerts.put(key(alert.userId(), alert.alertId()), alert);
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> claimFiring(Alert seen, Instant firedAt) {
    boolean[] won = {false};
    alerts.computeIfPresent(key(seen.userId(), seen.alertId()), (key, current) -> {
      won[0] = current.firedAt().equals(seen.firedAt());
      return won[0] ? current.firedAt(firedAt) : current;
    });
    return Future.succeededFuture(won[0]);
  }

  @Override
  public Future<Optional<Alert>> get(String userId, String alertId) {
    return Future.succeededFuture(Optional.ofNullable(alerts.get(key(userId, alertId))));
  }

  @Override
  public Future<List<Alert>> byUser(String userId) {
    return Future.succeededFuture(alerts.values().stream().filter(a -> a.userId().equals(userId)).toList());
  }

  @Override
  public Future<Void> delete(String userId, String alertId) {
    alerts.remove(key(userId, alertId));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Alert>> loadAll() {
    return Future.succeededFuture(List.copyOf(alerts.values()));
  }
}
