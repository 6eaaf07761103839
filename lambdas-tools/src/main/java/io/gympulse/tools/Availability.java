package io.gympulse.tools;

/** Machines of one category at one branch right now: free, occupied (offline ones are neither) and in the catalog. */
public record Availability(int free, int occupied, int total) {
}
