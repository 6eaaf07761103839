package io.gympulse.tools;

/**
 * Travel from the member to one branch.
 *
 * @param estimated true when the time is a great-circle estimate, not a routed one
 */
public record Route(String gymId, double distanceKm, double minutes, boolean estimated) {
}
