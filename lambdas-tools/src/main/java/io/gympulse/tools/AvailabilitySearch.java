package io.gympulse.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The availability tool: branches within a radius of the member, with free and total machines of a
 * category, nearest with a free machine first. O(branches) per call: the source answers per branch.
 */
public final class AvailabilitySearch {

  public static final double DEFAULT_RADIUS_KM = 5;

  private final List<BranchSite> branches;
  private final AvailabilitySource source;

  public AvailabilitySearch(List<BranchSite> branches, AvailabilitySource source) {
    this.branches = List.copyOf(branches);
    this.source = source;
  }

  public List<BranchAvailability> near(Position member, double radiusKm, String category) {
    if (!(radiusKm > 0) || radiusKm > 100) {
      throw new IllegalArgumentException("radiusKm must be more than 0 and at most 100; got " + radiusKm);
    }
    List<BranchAvailability> found = new ArrayList<>();
    for (BranchSite branch : branches) {
      double distance = member.distanceKm(branch.position());
      if (distance <= radiusKm) {
        Availability availability = source.of(branch.gymId(), category);
        found.add(new BranchAvailability(branch.gymId(), branch.name(), availability.free(), availability.total(),
            Math.round(distance * 100) / 100.0));
      }
    }
    found.sort(Comparator.comparing((BranchAvailability b) -> b.free() == 0).thenComparingDouble(BranchAvailability::distanceKm));
    return found;
  }
}
