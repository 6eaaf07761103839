package io.gympulse.tools.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gympulse.tools.AvailabilitySearch;
import io.gympulse.tools.AvailabilitySource;
import io.gympulse.tools.BranchAvailability;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.Position;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code gym-pulse-availability-tool}: free machines of a category near a location, for the Bedrock agent.
 * Parameters {@code lat}, {@code lon} (or the session attributes of those names), {@code category},
 * optional {@code radiusKm} (default 5). Bad or missing parameters answer {@code REPROMPT} saying what is
 * wrong; anything unexpected answers {@code FAILURE}; nothing is thrown at the runtime.
 */
public final class AvailabilityToolHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** What the agent may call: the handler reads these parameters and answers only this function. */
  public static final ToolFunction FUNCTION = ToolFunction.FIND_AVAILABLE_BRANCHES;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<BranchSite> sites;
  private final Supplier<AvailabilitySource> source;

  /** For the Lambda runtime: the client is built once per container, the table read per invocation. */
  public AvailabilityToolHandler() {
    this(BranchSites.bundled(), tableSource());
  }

  /** For tests: any branches and any availability. */
  public AvailabilityToolHandler(List<BranchSite> sites, Supplier<AvailabilitySource> source) {
    this.sites = sites;
    this.source = source;
  }

  private static Supplier<AvailabilitySource> tableSource() {
    var client = CurrentStateTable.client(Optional.ofNullable(System.getenv("DYNAMODB_ENDPOINT")).map(URI::create),
        Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
    String table = Optional.ofNullable(System.getenv("CURRENT_STATE_TABLE")).orElse("gym-pulse-current-state-dev");
    Map<String, Integer> totals = BranchSites.machineTotals();
    return () -> CurrentStateTable.read(client, table, totals);
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
      List<BranchAvailability> found = new AvailabilitySearch(sites, source.get()).near(member, radius, category);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("category", category);
      body.put("radiusKm", radius);
      body.put("branches", found);
      return AgentResponse.text(request, JSON.writeValueAsString(body));
    } catch (JsonProcessingException | RuntimeException e) {
      return AgentResponse.failure(request, "The availability lookup failed: " + e.getClass().getSimpleName());
    }
  }
}
