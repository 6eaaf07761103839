package io.gympulse.tools;

import java.util.List;

/**
 * Travel times estimated from great-circle distance and a stated speed model ({@link TravelMode}),
 * flagged {@code estimated}: used when no route calculator is configured or it fails.
 */
public final class EstimatedRoutes implements RouteSource {

  @Override
  public List<Route> travelTimes(Position from, List<BranchSite> to, TravelMode mode) {
    return to.stream().map(branch -> {
      double km = from.distanceKm(branch.position());
      return new Route(branch.gymId(), Math.round(km * 100) / 100.0, Math.round(mode.estimateMinutes(km) * 10) / 10.0, true);
    }).toList();
  }
}
