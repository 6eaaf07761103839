package io.gympulse.tools;

/** Machines of one category at one branch right now. */
public record Availability(int free, int total) {
}
