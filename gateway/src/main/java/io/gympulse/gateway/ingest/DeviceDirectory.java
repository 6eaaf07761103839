package io.gympulse.gateway.ingest;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Machine;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every client id the catalog admits. Ids contain dashes ({@code gym-hk-central-caine-legpress-01}), so
 * a client id cannot be split reliably; it is looked up instead, which also refuses unknown devices.
 */
public final class DeviceDirectory {

  private final Map<String, DeviceIdentity> identities = new HashMap<>();
  private final Map<String, Integer> machinesPerBranch = new HashMap<>();

  public DeviceDirectory(Catalog catalog) {
    for (Branch branch : catalog.branches()) {
      String hub = hubClientId(branch.id());
      identities.put(hub, new DeviceIdentity(hub, branch.id(), null));
    }
    for (Machine machine : catalog.machines()) {
      String clientId = machineClientId(machine.gymId(), machine.machineId());
      identities.put(clientId, new DeviceIdentity(clientId, machine.gymId(), machine.machineId()));
      machinesPerBranch.merge(machine.gymId(), 1, Integer::sum);
    }
  }

  public static String hubClientId(String gymId) {
    return "gym-" + gymId + "-hub";
  }

  public static String machineClientId(String gymId, String machineId) {
    return "gym-" + gymId + "-" + machineId;
  }

  /** Machines of a branch: what its hub publishes for. */
  public int machinesAt(String gymId) {
    return machinesPerBranch.getOrDefault(gymId, 0);
  }

  public Optional<DeviceIdentity> identify(String clientId) {
    return Optional.ofNullable(identities.get(clientId));
  }
}
