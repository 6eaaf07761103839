package io.gympulse.load.fleet;

/**
 * One machine the fleet drives, and the MQTT client id it is published under.
 *
 * @param clientId {@code gym-{gymId}-hub} when its branch publishes through a hub, else {@code gym-{gymId}-{machineId}}
 */
public record FleetMachine(String gymId, String machineId, String category, String clientId) {

  /** The topic the gateway takes this machine's status on. */
  public String topic() {
    return "org/" + gymId + "/machines/" + machineId + "/status";
  }

  /** Whether it is published through its branch's hub rather than its own sensor. */
  public boolean viaHub() {
    return clientId.equals(FleetCatalog.hubClientId(gymId));
  }
}
