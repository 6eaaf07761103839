package io.gympulse.tools;

/** Where a branch is. */
public record BranchSite(String gymId, String name, Position position) {
}
