package io.gympulse.gateway.state;

import java.util.Locale;
import java.util.Optional;

/** What a member cares about: can I use this machine now. */
public enum MachineStatus {
  FREE, OCCUPIED, OFFLINE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status with this exact wire name ({@code free}, {@code occupied}, {@code offline}). */
  public static Optional<MachineStatus> parse(String wireName) {
    for (MachineStatus status : values()) {
      if (status.wireName().equals(wireName)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
