package io.gympulse.tools;

/** A branch near the member with its availability for the asked category. */
public record BranchAvailability(String gymId, String name, int free, int total, double distanceKm) {
}
