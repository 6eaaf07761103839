package io.gympulse.gateway.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Active alerts by target key (machine, or branch category), so a transition finds its alerts in O(1)
 * without scanning. Confined to the live state's writer context.
 */
final class AlertIndex {

  private final Map<String, Map<String, Alert>> byTarget = new HashMap<>();
  private final Map<String, Alert> byId = new HashMap<>();
  /** The size, readable from any thread (the metrics scrape). */
  private volatile int size;

  void put(Alert alert) {
    remove(alert.alertId());
    byId.put(alert.alertId(), alert);
    byTarget.computeIfAbsent(alert.target().key(), k -> new LinkedHashMap<>()).put(alert.alertId(), alert);
    size = byId.size();
  }

  void remove(String alertId) {
    Alert removed = byId.remove(alertId);
    if (removed != null) {
      Map<String, Alert> forTarget = byTarget.get(removed.target().key());
      forTarget.remove(alertId);
      if (forTarget.isEmpty()) {
        byTarget.remove(removed.target().key());
      }
      size = byId.size();
    }
  }

  void clear() {
    byId.clear();
    byTarget.clear();
    size = 0;
  }

  /** Alerts waiting for any of these target keys, oldest first per target. */
  List<Alert> waitingFor(String... targetKeys) {
    List<Alert> found = new ArrayList<>();
    for (String key : targetKeys) {
      found.addAll(byTarget.getOrDefault(key, Map.of()).values());
    }
    return found;
  }

  Collection<Alert> all() {
    return List.copyOf(byId.values());
  }

  /** From any thread. */
  int size() {
    return size;
  }
}
