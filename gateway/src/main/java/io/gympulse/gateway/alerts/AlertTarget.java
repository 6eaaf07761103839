package io.gympulse.gateway.alerts;

import io.gympulse.gateway.catalog.Category;

/**
 * What an alert waits for: one machine, or any machine of a category at a branch.
 *
 * @param machineId the machine, or {@code null} for a category target
 * @param gymId the branch (also set for a machine target, from the catalog)
 * @param category the category (also set for a machine target, from the catalog)
 */
public record AlertTarget(String machineId, String gymId, Category category) {

  public static AlertTarget machine(String machineId, String gymId, Category category) {
    return new AlertTarget(machineId, gymId, category);
  }

  public static AlertTarget category(String gymId, Category category) {
    return new AlertTarget(null, gymId, category);
  }

  public boolean isMachine() {
    return machineId != null;
  }

  /** The index key, also the {@code targetKey} of the alerts table's {@code byTarget} index. */
  public String key() {
    return isMachine() ? "machine#" + machineId : "category#" + gymId + "#" + category.wireName();
  }
}
