package io.gympulse.tools.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gympulse.tools.AvailabilitySearch;
import io.gympulse.tools.AvailabilitySource;
import io.gympulse.tools.BranchAvailability;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.EstimatedRoutes;
import io.gympulse.tools.Position;
import io.gympulse.tools.Ranking;
import io.gympulse.tools.Recommendation;
import io.gympulse.tools.Route;
import io.gympulse.tools.SlotHistory;
import io.gympulse.tools.TravelMode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code gym-pulse-availability-tool}: free machines of a category near a location, for the Bedrock agent, ranked
 * by the chance one is free when the member arrives on foot (estimated walking time; past bins from the
 * {@code aggregates} table, live counts from {@code current-state}). Parameters {@code lat}, {@code lon} (or the
 * session attributes of those names), {@code category}, optional {@code radiusKm} (default 5). Bad or missing
 * parameters answer {@code REPROMPT} saying what is wrong; anything unexpected answers {@code FAILURE}; nothing is
 * thrown at the runtime.
 */
public final class AvailabilityToolHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** What the agent may call: the handler reads these parameters and answers only this function. */
  public static final ToolFunction FUNCTION = ToolFunction.FIND_AVAILABLE_BRANCHES;
  /** The environment variables naming the tables it reads: live state, and the 15-minute bins of the arrival forecast. */
  public static final String CURRENT_STATE_TABLE = "CURRENT_STATE_TABLE";
  public static final String AGGREGATES_TABLE = "AGGREGATES_TABLE";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<BranchSite> sites;
  private final Supplier<AvailabilitySource> source;
  private final SlotHistory history;
  private final Clock clock;

  /** For the Lambda runtime: the client is built once per container, the tables read per invocation. */
  public AvailabilityToolHandler() {
    this(new Tables());
  }

  private AvailabilityToolHandler(Tables tables) {
    this(BranchSites.bundled(), tables.live(), tables.history(), Clock.systemUTC());
  }

  /** For tests: any branches, availability, history and clock. */
  public AvailabilityToolHandler(List<BranchSite> sites, Supplier<AvailabilitySource> source, SlotHistory history,
      Clock clock) {
    this.sites = sites;
    this.source = source;
    this.history = history;
    this.clock = clock;
  }

  /** The container's one client, and the two tables it reads (names from the environment). */
  private static final class Tables {

    private final DynamoDbClient client = CurrentStateTable.client(
        Optional.ofNullable(System.getenv("DYNAMODB_ENDPOINT")).map(URI::create),
        Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));

    Supplier<AvailabilitySource> live() {
      String table = Optional.ofNullable(System.getenv(CURRENT_STATE_TABLE)).orElse("gym-pulse-current-state-dev");
      Map<String, Integer> totals = BranchSites.machineTotals();
      return () -> CurrentStateTable.read(client, table, totals);
    }

    SlotHistory history() {
      return new AggregatesTable(client, Optional.ofNullable(System.getenv(AGGREGATES_TABLE)).orElse("gym-pulse-aggregates-dev"));
    }
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    AgentRequest request = AgentRequest.of(event);
    if (!request.function().equals(FUNCTION.name())) {
      return AgentResponse.otherFunction(request, FUNCTION);
    }
    Position member;
    String category;
    double radius;
    try {
      member = new Position(Parameters.number(request, FUNCTION.parameter("lat"), -90, 90),
          Parameters.number(request, FUNCTION.parameter("lon"), -180, 180));
      category = Parameters.category(request, FUNCTION.parameter("category"));
      radius = Parameters.number(request, FUNCTION.parameter("radiusKm"), 0.1, 100, AvailabilitySearch.DEFAULT_RADIUS_KM);
    } catch (IllegalArgumentException e) {
      return AgentResponse.reprompt(request, "Cannot search yet: " + e.getMessage()
          + ". Ask the member for what is missing (their location as lat/lon, and what they train).");
    }
    try {
      AvailabilitySource live = source.get();
      List<BranchAvailability> found = new AvailabilitySearch(sites, live).near(member, radius, category);
      List<BranchSite> destinations = sites.stream().filter(s -> found.stream().anyMatch(b -> b.gymId().equals(s.gymId())))
          .toList();
      List<Route> walks = new EstimatedRoutes().travelTimes(member, destinations, TravelMode.WALKING);
      Instant now = clock.instant();
      Ranking.Ranked ranked = Ranking.rank(found, walks, now, category, live,
          history.sameSlotInPastWeeks(Ranking.slotsToRead(walks, category, now)));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("category", category);
      body.put("radiusKm", radius);
      body.put("travelMode", TravelMode.WALKING.wireName());
      body.put("rankedBy", ranked.byArrival() ? "free_on_arrival" : "free_now");
      body.put("withoutHistory", ranked.withoutHistory());
      body.put("branches", ranked.picks().stream().map(Recommendation::fields).toList());
      return AgentResponse.text(request, JSON.writeValueAsString(body));
    } catch (JsonProcessingException | RuntimeException e) {
      return AgentResponse.failure(request, "The availability lookup failed: " + e.getClass().getSimpleName());
    }
  }
}
