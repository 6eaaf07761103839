package io.gympulse.gateway.app;

import io.gympulse.gateway.aggregates.History;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogLoader;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.sim.HistoryGenerator;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.tools.Availability;
import io.gympulse.tools.AvailabilitySearch;
import io.gympulse.tools.AvailabilitySource;
import io.gympulse.tools.BranchAvailability;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.EstimatedRoutes;
import io.gympulse.tools.FreeOnArrival;
import io.gympulse.tools.Position;
import io.gympulse.tools.Ranking;
import io.gympulse.tools.Recommendation;
import io.gympulse.tools.Route;
import io.gympulse.tools.TravelMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Scores arrival-aware recommendations on simulator history: plays {@code weeks} weeks, then replays
 * {@code requests} member requests at random times of the last week, at random places (a random branch, then a
 * point up to 3 km from it, uniform over the disc: members live and work around the branches, not in the harbour)
 * and random categories, each answered as the assistant does (branches within 5 km, else 15 km, walking). A
 * request is a hit when the recommended branch really had a machine of the category free at the arrival time.
 * Three rankings answer each request: by the chance of a free machine on arrival ({@link Ranking}), "most free now"
 * (ties: sooner), and "nearest with one free now" (the ranking before forecasts). Forecasts read only bins of
 * earlier weeks, as in the forecast backtest, so there is no look-ahead. Same arguments, same figures.
 *
 * <pre>java -cp gateway/target/gympulse-gateway.jar io.gympulse.gateway.app.ArrivalBacktest [weeks] [requests] [seed] [end]</pre>
 */
public final class ArrivalBacktest {

  private static final long WEEK = Duration.ofDays(7).toSeconds();
  /** Requests start no later than this before the end of the history, so every walk arrives inside it. */
  private static final long LATEST_START = Duration.ofHours(5).toSeconds();
  /** How far from a branch a simulated member may be. */
  private static final double MEMBER_KM = 3;

  private ArrivalBacktest() {
  }

  /**
   * The three rankings, and {@code hindsight}: a hit whenever any candidate branch had a free machine when the member
   * would have arrived there (the nearest such), the ceiling no ranking can pass. {@code versusMostFree} and
   * {@code versusNearest} pair the arrival ranking with each baseline request by request.
   */
  public record Score(int requests, Outcome onArrival, Outcome mostFreeNow, Outcome nearestFreeNow, Outcome hindsight,
      Paired versusMostFree, Paired versusNearest) {
  }

  /**
   * The requests on which two rankings disagreed about the outcome: the only ones that tell them apart (McNemar).
   *
   * @param won the arrival ranking's pick had a free machine on arrival, the other's did not
   * @param lost the other way round
   */
  public record Paired(int won, int lost) {

    Paired add(int arrivalHit, int otherHit) {
      return new Paired(won + (arrivalHit > otherHit ? 1 : 0), lost + (otherHit > arrivalHit ? 1 : 0));
    }

    /**
     * How many standard deviations {@code won} is from half the disagreements, as it would be if neither ranking were
     * better (a normal approximation to the binomial; above 2 is unlikely to be chance).
     */
    public double z() {
      int disagreements = won + lost;
      return disagreements == 0 ? 0 : (won - lost) / Math.sqrt(disagreements);
    }
  }

  /**
   * One ranking's result.
   *
   * @param hitRate share of requests whose recommended branch had a free machine on arrival
   * @param eveningHitRate the same over requests made from 17:00 to 21:00 local time, the busiest hours
   * @param walkMinutes mean walking time to the recommended branch
   */
  public record Outcome(double hitRate, double eveningHitRate, double walkMinutes) {
  }

  /** Sums for one ranking while the requests are replayed. */
  private static final class Tally {

    private int hits;
    private int eveningRequests;
    private int eveningHits;
    private double minutes;

    void add(int hit, boolean evening, double walkMinutes) {
      hits += hit;
      eveningRequests += evening ? 1 : 0;
      eveningHits += evening ? hit : 0;
      minutes += walkMinutes;
    }

    Outcome over(int requests) {
      return new Outcome((double) hits / requests, (double) eveningHits / Math.max(1, eveningRequests), minutes / requests);
    }
  }

  public static void main(String[] args) {
    int weeks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    Instant end = args.length > 3 ? Instant.parse(args[3]) : Backtest.DEFAULT_END;
    long started = System.nanoTime();
    Score score = run(CatalogLoader.bundledSample(), weeks, requests, seed, end);
    System.out.printf(Locale.ROOT, "arrival backtest: %d weeks of simulated history ending %s (seed %d), %d requests in the last week%n",
        weeks, end, seed, score.requests());
    System.out.printf(Locale.ROOT, "  a free machine of the category at the recommended branch on arrival (all day, 17-21 h), mean walk:%n");
    print("by chance of one free on arrival", score.onArrival());
    print("most free now", score.mostFreeNow());
    print("nearest with one free now", score.nearestFreeNow());
    print("ceiling: any candidate free (hindsight)", score.hindsight());
    System.out.printf(Locale.ROOT, "  requests where exactly one of two rankings found a free machine (won / lost by arrival ranking):%n");
    print("versus most free now", score.versusMostFree());
    print("versus nearest with one free now", score.versusNearest());
    System.out.printf(Locale.ROOT, "  took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static void print(String ranking, Outcome outcome) {
    System.out.printf(Locale.ROOT, "    %-40s %6.2f %%  %6.2f %%  %5.1f min%n", ranking, 100 * outcome.hitRate(),
        100 * outcome.eveningHitRate(), outcome.walkMinutes());
  }

  private static void print(String versus, Paired paired) {
    System.out.printf(Locale.ROOT, "    %-40s %6d / %d  (z = %.1f)%n", versus, paired.won(), paired.lost(), paired.z());
  }

  public static Score run(Catalog catalog, int weeks, int requests, long seed, Instant endAt) {
    Backtest.Simulated simulated = Backtest.Simulated.play(catalog, weeks, seed, endAt);
    long end = simulated.end();
    HistoryGenerator.Played played = simulated.played();
    History history = simulated.history();
    List<BranchSite> sites = catalog.branches().stream()
        .map(b -> new BranchSite(b.id(), b.name(), new Position(b.lat(), b.lon()))).toList();
    Random random = new Random(seed);
    int answered = 0;
    Tally onArrival = new Tally();
    Tally mostFree = new Tally();
    Tally nearestFree = new Tally();
    Tally hindsight = new Tally();
    Paired versusMostFree = new Paired(0, 0);
    Paired versusNearest = new Paired(0, 0);
    for (int i = 0; i < requests; i++) {
      long now = end - WEEK + (long) (random.nextDouble() * (WEEK - LATEST_START));
      Branch around = catalog.branches().get(random.nextInt(catalog.branches().size()));
      Position member = near(around, MEMBER_KM * Math.sqrt(random.nextDouble()), random.nextDouble() * 2 * Math.PI);
      String category = Category.values()[random.nextInt(Category.values().length)].wireName();
      AvailabilitySource live = (gymId, wanted) -> counts(catalog, played, gymId, wanted, now);
      AvailabilitySearch search = new AvailabilitySearch(sites, live);
      List<BranchAvailability> candidates = search.near(member, AvailabilitySearch.DEFAULT_RADIUS_KM, category);
      if (candidates.isEmpty()) {
        candidates = search.near(member, 15, category);
      }
      if (candidates.isEmpty()) {
        continue; // nowhere to send this member: no ranking is scored on it
      }
      List<String> ids = candidates.stream().map(BranchAvailability::gymId).toList();
      List<Route> walks = new EstimatedRoutes().travelTimes(member,
          sites.stream().filter(s -> ids.contains(s.gymId())).toList(), TravelMode.WALKING);
      Instant at = Instant.ofEpochSecond(now);
      // the store is in memory: its reads are complete when made
      List<Recommendation> byArrival = Ranking.rank(candidates, walks, at, category, live,
          history.pastSlots(Ranking.slotsToRead(walks, category, at)).result()).picks();
      List<Recommendation> byFreeNow = Ranking.rank(candidates, walks, at, gymId -> FreeOnArrival.unknown(0)).picks();
      Recommendation most = byFreeNow.stream().min(Comparator.comparingInt((Recommendation r) -> -r.free())
          .thenComparingDouble(Recommendation::etaMinutes)).orElseThrow();
      answered++;
      int hour = at.atZone(around.timeZone()).getHour();
      boolean evening = hour >= 17 && hour < 21;
      int arrivalHit = hit(catalog, played, byArrival.get(0), category);
      int mostHit = hit(catalog, played, most, category);
      int nearestHit = hit(catalog, played, byFreeNow.get(0), category);
      onArrival.add(arrivalHit, evening, byArrival.get(0).etaMinutes());
      mostFree.add(mostHit, evening, most.etaMinutes());
      nearestFree.add(nearestHit, evening, byFreeNow.get(0).etaMinutes());
      versusMostFree = versusMostFree.add(arrivalHit, mostHit);
      versusNearest = versusNearest.add(arrivalHit, nearestHit);
      Route firstFree = walks.stream().sorted(Comparator.comparingDouble(Route::minutes))
          .filter(walk -> counts(catalog, played, walk.gymId(), category, now + walk.minutes() * 60).free() > 0)
          .findFirst().orElse(null);
      hindsight.add(firstFree == null ? 0 : 1, evening, firstFree == null ? walks.get(0).minutes() : firstFree.minutes());
    }
    return new Score(answered, onArrival.over(answered), mostFree.over(answered), nearestFree.over(answered),
        hindsight.over(answered), versusMostFree, versusNearest);
  }

  /** The point {@code km} from a branch in direction {@code bearing} (radians), flat-earth: a few km at most. */
  private static Position near(Branch branch, double km, double bearing) {
    double kmPerDegree = 111.2;
    return new Position(branch.lat() + km * Math.cos(bearing) / kmPerDegree,
        branch.lon() + km * Math.sin(bearing) / (kmPerDegree * Math.cos(Math.toRadians(branch.lat()))));
  }

  /** 1 when a machine of the category really was free at the recommended branch when the member arrived. */
  private static int hit(Catalog catalog, HistoryGenerator.Played played, Recommendation pick, String category) {
    return counts(catalog, played, pick.gymId(), category, pick.arrivalAt().getEpochSecond()).free() > 0 ? 1 : 0;
  }

  private static Availability counts(Catalog catalog, HistoryGenerator.Played played, String gymId, String category,
      double at) {
    List<Machine> machines = catalog.machines(gymId, Category.parse(category).orElseThrow());
    int free = 0;
    int occupied = 0;
    for (Machine machine : machines) {
      MachineStatus status = played.statusAt(machine.machineId(), at);
      free += status == MachineStatus.FREE ? 1 : 0;
      occupied += status == MachineStatus.OCCUPIED ? 1 : 0;
    }
    return new Availability(free, occupied, machines.size());
  }
}
