package io.gympulse.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat tools on a small Hong Kong chain: distances, radius, ordering, estimates and ranking. */
class ToolsTest {

  private static final BranchSite CENTRAL = new BranchSite("hk-central-caine", "Central", new Position(22.2819, 114.1577));
  private static final BranchSite CAUSEWAY = new BranchSite("hk-causeway-hennessy", "Causeway Bay", new Position(22.2783, 114.1747));
  private static final BranchSite MONGKOK = new BranchSite("kl-mongkok-nathan", "Mong Kok", new Position(22.3193, 114.1694));
  private static final BranchSite TUEN_MUN = new BranchSite("nt-tuenmun", "Tuen Mun", new Position(22.3916, 113.9770));
  private static final List<BranchSite> CHAIN = List.of(CENTRAL, CAUSEWAY, MONGKOK, TUEN_MUN);
  /** Standing at Admiralty. */
  private static final Position MEMBER = new Position(22.2790, 114.1650);

  private static AvailabilitySource freeCounts(Map<String, Integer> free) {
    return (gymId, category) -> new Availability(free.getOrDefault(gymId, 0), 10 - free.getOrDefault(gymId, 0), 10);
  }

  /** Verifies the haversine distance on a known pair (Central to Causeway Bay, about 1.8 km). */
  @Test
  void distanceMatchesTheMap() {
    double km = CENTRAL.position().distanceKm(CAUSEWAY.position());
    assertTrue(km > 1.6 && km < 2.0, "Central to Causeway Bay: " + km);
    assertThrows(IllegalArgumentException.class, () -> new Position(91, 0));
  }

  /** Verifies that the search keeps branches within the radius, those with a free machine first, then nearest. */
  @Test
  void searchKeepsTheRadiusAndPutsFreeFirst() {
    AvailabilitySearch search = new AvailabilitySearch(CHAIN, freeCounts(Map.of("hk-causeway-hennessy", 3, "kl-mongkok-nathan", 1)));
    List<BranchAvailability> found = search.near(MEMBER, 5, "legs");

    assertEquals(List.of("hk-causeway-hennessy", "kl-mongkok-nathan", "hk-central-caine"),
        found.stream().map(BranchAvailability::gymId).toList(), "Tuen Mun is 20 km away; Central is near but full");
    assertEquals(3, found.get(0).free());
    assertThrows(IllegalArgumentException.class, () -> search.near(MEMBER, 0, "legs"));
  }

  /** Verifies that estimates are flagged and follow the stated speed model. */
  @Test
  void estimatesAreFlaggedAndFollowTheSpeedModel() {
    Route walk = new EstimatedRoutes().travelTimes(MEMBER, List.of(CAUSEWAY), TravelMode.WALKING).get(0);
    assertTrue(walk.estimated());
    assertEquals(walk.distanceKm() * 1.3 / 4.8 * 60, walk.minutes(), 0.2);
    Route drive = new EstimatedRoutes().travelTimes(MEMBER, List.of(CAUSEWAY), TravelMode.CAR).get(0);
    assertTrue(drive.minutes() < walk.minutes());
  }

  /** Verifies that ranking puts the soonest branch with a free machine first, then two alternatives. */
  @Test
  void rankingPrefersSoonestFreeThenMostFree() {
    List<BranchAvailability> candidates = List.of(
        new BranchAvailability("a", "A", 0, 10, 0.2),
        new BranchAvailability("b", "B", 1, 10, 1.0),
        new BranchAvailability("c", "C", 5, 10, 1.0),
        new BranchAvailability("d", "D", 9, 10, 3.0));
    List<Route> routes = List.of(new Route("a", 0.2, 3, false), new Route("b", 1.0, 12, false),
        new Route("c", 1.0, 12, false), new Route("d", 3.0, 35, false));

    Ranking.Ranked ranked = Ranking.rank(candidates, routes, Instant.EPOCH, gymId -> FreeOnArrival.unknown(0));

    assertEquals(List.of("c", "b", "d", "a"), ranked.picks().stream().map(Recommendation::gymId).toList(),
        "A is closest but full; B and C tie on time and C has more free; then D");
    assertFalse(ranked.byArrival(), "without history the ranking is by free machines now");
  }
}
