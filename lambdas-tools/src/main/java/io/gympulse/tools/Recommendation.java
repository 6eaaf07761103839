package io.gympulse.tools;

/** One branch to go to, with why: free machines now and how long it takes to get there. */
public record Recommendation(String gymId, String name, int free, int total, double distanceKm, double etaMinutes,
    boolean estimated) {
}
