package io.gympulse.tools.lambda;

import java.util.List;

/**
 * A function of a Bedrock agent action group, as its handler reads it: the name the agent calls it by and the
 * parameters the handler takes. The handlers read their parameters by these names, and the Pulumi program declares
 * the action groups from these same records, so the agent can only call what a handler answers.
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
    return List.of(AvailabilityToolHandler.FUNCTION, RouteMatrixToolHandler.FUNCTION);
  }
}
