package io.gympulse.tools.lambda;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Bedrock agent action-group invocation (function details): which function, with which parameters
 * (always strings), plus the session attributes the caller set (the gateway puts the member's location
 * there).
 */
public record AgentRequest(
    String messageVersion,
    String actionGroup,
    String function,
    Map<String, String> parameters,
    Map<String, Object> sessionAttributes,
    Map<String, Object> promptSessionAttributes) {

  /** Reads the event as the Lambda runtime hands it over (JSON as maps and lists). */
  @SuppressWarnings("unchecked")
  public static AgentRequest of(Map<String, Object> event) {
    Map<String, String> parameters = new HashMap<>();
    Object raw = event.get("parameters");
    if (raw instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> parameter && parameter.get("name") instanceof String name && parameter.get("value") != null) {
          parameters.put(name, String.valueOf(parameter.get("value")));
        }
      }
    }
    return new AgentRequest(string(event, "messageVersion").orElse("1.0"), string(event, "actionGroup").orElse(""),
        string(event, "function").orElse(""), parameters, map(event.get("sessionAttributes")),
        map(event.get("promptSessionAttributes")));
  }

  /** A parameter, or else the session attribute of the same name. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(parameters.get(name))
        .or(() -> Optional.ofNullable(sessionAttributes.get(name)).map(String::valueOf));
  }

  private static Optional<String> string(Map<String, Object> event, String key) {
    return event.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
