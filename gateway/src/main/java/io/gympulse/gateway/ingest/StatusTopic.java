package io.gympulse.gateway.ingest;

import java.util.Optional;

/** A parsed status topic {@code org/{gymId}/machines/{machineId}/status}. */
public record StatusTopic(String gymId, String machineId) {

  /** The topic a device publishes its status to. */
  public static String of(String gymId, String machineId) {
    return "org/" + gymId + "/machines/" + machineId + "/status";
  }

  /** Parses a publish topic; empty if it is not a status topic (including wildcards or empty levels). */
  public static Optional<StatusTopic> parse(String topic) {
    String[] levels = topic.split("/", -1);
    if (levels.length != 5 || !"org".equals(levels[0]) || !"machines".equals(levels[2])
        || !"status".equals(levels[4]) || !isPlainLevel(levels[1]) || !isPlainLevel(levels[3])) {
      return Optional.empty();
    }
    return Optional.of(new StatusTopic(levels[1], levels[3]));
  }

  private static boolean isPlainLevel(String level) {
    return !level.isEmpty() && level.indexOf('+') < 0 && level.indexOf('#') < 0;
  }
}
