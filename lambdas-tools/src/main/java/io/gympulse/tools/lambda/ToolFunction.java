package io.gympulse.tools.lambda;

import java.util.List;

/**
 * A function of a Bedrock agent action group, as its handler reads it: the name the agent calls it by and the
 * parameters the handler takes. The handlers read their parameters by these names, and the Pulumi program declares
 * the action groups from these same records, so the agent can only call what a handler answers. They live here, not
 * in the handlers, so that reading them loads no handler (and none of the Lambda runtime or Jackson).
 *
 * @param name the function name in the agent's request ({@code function})
 * @param description what the agent is told the function does
 * @param parameters what the handler reads, in order
 */
public record ToolFunction(String name, String description, List<Parameter> parameters) {

  /**
   * A parameter of a function.
   *
   * @param name its name in the agent's request
   * @param type the action group's type: {@code string}, {@code number}, {@code integer} or {@code boolean}
   * @param description what the agent is told it means
   * @param required whether the agent must supply it ({@code lat} and {@code lon} may come from the session instead)
   */
  public record Parameter(String name, String type, String description, boolean required) {
  }

  /** The availability tool's function ({@link AvailabilityToolHandler}). */
  public static final ToolFunction FIND_AVAILABLE_BRANCHES = new ToolFunction("find_available_branches",
      "Gym branches near a location with free machines of a category now and the chance one is free when the member "
          + "arrives on foot, most likely first.",
      List.of(new Parameter("lat", "number", "Latitude of the member (defaults to the session's)", false),
          new Parameter("lon", "number", "Longitude of the member (defaults to the session's)", false),
          new Parameter("category", "string", "What the member trains: legs, chest, back, arms, cardio or core",
              true),
          new Parameter("radiusKm", "number", "Search radius in km, 0.1 to 100 (default 5)", false)));

  /** The route-matrix tool's function ({@link RouteMatrixToolHandler}). */
  public static final ToolFunction TRAVEL_TIMES = new ToolFunction("travel_times",
      "Travel time and distance from a location to gym branches (all, or those named), by the given mode.",
      List.of(new Parameter("lat", "number", "Latitude of the member (defaults to the session's)", false),
          new Parameter("lon", "number", "Longitude of the member (defaults to the session's)", false),
          new Parameter("gymIds", "string", "Comma-separated branch ids; all branches when empty", false),
          new Parameter("travelMode", "string", "walking (default), transit or car", false)));

  public ToolFunction {
    parameters = List.copyOf(parameters);
  }

  /** The parameter named {@code name}; a handler asking for one it does not declare is a bug. */
  public String parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(this.name + " declares no parameter " + name)).name();
  }

  /** The functions of the two tool Lambdas: the availability tool's, then the route matrix tool's. */
  public static List<ToolFunction> all() {
    return List.of(FIND_AVAILABLE_BRANCHES, TRAVEL_TIMES);
  }
}
