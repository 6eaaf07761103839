package io.gympulse.tools;

import java.util.List;

/** Travel times from the member to branches: Amazon Location in AWS, or {@link EstimatedRoutes}. */
@FunctionalInterface
public interface RouteSource {

  List<Route> travelTimes(Position from, List<BranchSite> to, TravelMode mode);
}
