package io.gympulse.tools.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.EstimatedRoutes;
import io.gympulse.tools.Position;
import io.gympulse.tools.Route;
import io.gympulse.tools.RouteSource;
import io.gympulse.tools.TravelMode;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code gym-pulse-route-matrix-tool}: travel times from the member to branches. Parameters {@code lat},
 * {@code lon}, optional {@code gymIds} (comma-separated; default every branch) and {@code travelMode}
 * ({@code walking} default, {@code transit}, {@code car}). Times come from Amazon Location when a route
 * calculator is configured; estimates (when it is not, fails, or cannot route) say so ({@code "estimated": true}).
 */
public final class RouteMatrixToolHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** What the agent may call: the handler reads these parameters and answers only this function. */
  public static final ToolFunction FUNCTION = ToolFunction.TRAVEL_TIMES;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<BranchSite> sites;
  private final RouteSource routes;

  /**
   * For the Lambda runtime: Amazon Location on {@code ROUTE_CALCULATOR} when it is set, else the
   * flagged estimate. The client is built once per container.
   */
  public RouteMatrixToolHandler() {
    this(BranchSites.bundled(), Optional.ofNullable(System.getenv("ROUTE_CALCULATOR"))
        .<RouteSource>map(calculator -> new LocationRoutes(LocationRoutes.client(
            Optional.ofNullable(System.getenv("LOCATION_ENDPOINT")).map(URI::create),
            Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1")), calculator))
        .orElseGet(EstimatedRoutes::new));
  }

  public RouteMatrixToolHandler(List<BranchSite> sites, RouteSource routes) {
    this.sites = sites;
    this.routes = routes;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    AgentRequest request = AgentRequest.of(event);
    if (!request.function().equals(FUNCTION.name())) {
      return AgentResponse.otherFunction(request, FUNCTION);
    }
    Position from;
    TravelMode mode;
    List<BranchSite> to;
    try {
      from = new Position(Parameters.number(request, FUNCTION.parameter("lat"), -90, 90),
          Parameters.number(request, FUNCTION.parameter("lon"), -180, 180));
      String modeName = Parameters.text(request, FUNCTION.parameter("travelMode")).orElse("walking").toUpperCase(Locale.ROOT);
      mode = Arrays.stream(TravelMode.values()).filter(m -> m.name().equals(modeName)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("travelMode must be walking, transit or car"));
      Set<String> wanted = Parameters.text(request, FUNCTION.parameter("gymIds"))
          .map(ids -> Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()))
          .orElse(Set.of());
      to = wanted.isEmpty() ? sites : sites.stream().filter(s -> wanted.contains(s.gymId())).toList();
      if (to.isEmpty()) {
        throw new IllegalArgumentException("none of gymIds " + wanted + " is a branch");
      }
    } catch (IllegalArgumentException e) {
      return AgentResponse.reprompt(request, "Cannot compute travel times yet: " + e.getMessage() + ".");
    }
    try {
      List<Route> travel = routes.travelTimes(from, to, mode);
      return AgentResponse.text(request, JSON.writeValueAsString(Map.of("travelMode", mode.wireName(), "routes", travel)));
    } catch (JsonProcessingException | RuntimeException e) {
      return AgentResponse.failure(request, "The route lookup failed: " + e.getClass().getSimpleName());
    }
  }
}
