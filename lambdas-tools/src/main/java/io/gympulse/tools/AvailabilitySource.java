package io.gympulse.tools;

/** Where availability comes from: the gateway's live state in-process, or the current-state table in a Lambda. */
@FunctionalInterface
public interface AvailabilitySource {

  /** Free and total machines of {@code category} at {@code gymId}. */
  Availability of(String gymId, String category);
}
