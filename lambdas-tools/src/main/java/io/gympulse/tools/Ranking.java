package io.gympulse.tools;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders candidate branches the way a member would: a branch with a free machine, reached soonest, first;
 * among equals, the one with more free machines. The top pick plus two alternatives.
 */
public final class Ranking {

  public static final int ALTERNATIVES = 2;

  private Ranking() {
  }

  public static List<Recommendation> rank(List<BranchAvailability> candidates, List<Route> routes) {
    Map<String, Route> byGym = routes.stream().collect(Collectors.toMap(Route::gymId, Function.identity(), (a, b) -> a));
    return candidates.stream()
        .filter(candidate -> byGym.containsKey(candidate.gymId()))
        .map(candidate -> {
          Route route = byGym.get(candidate.gymId());
          return new Recommendation(candidate.gymId(), candidate.name(), candidate.free(), candidate.total(),
              route.distanceKm(), route.minutes(), route.estimated());
        })
        .sorted(Comparator.comparing((Recommendation r) -> r.free() == 0)
            .thenComparingDouble(Recommendation::etaMinutes)
            .thenComparing(Comparator.comparingInt(Recommendation::free).reversed()))
        .limit(1 + ALTERNATIVES)
        .toList();
  }
}
