package io.gympulse.tools.lambda;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Typed tool parameters; a problem is an {@link IllegalArgumentException} whose message the agent reads. */
final class Parameters {

  static final Set<String> CATEGORIES = Set.of("legs", "chest", "back", "arms", "cardio", "core");

  private Parameters() {
  }

  static double number(AgentRequest request, String name, double min, double max) {
    String raw = request.value(name).orElseThrow(() -> new IllegalArgumentException("missing parameter '" + name + "'"));
    return bounded(name, raw, min, max);
  }

  static double number(AgentRequest request, String name, double min, double max, double defaultValue) {
    return request.value(name).map(raw -> bounded(name, raw, min, max)).orElse(defaultValue);
  }

  private static double bounded(String name, String raw, double min, double max) {
    try {
      double value = Double.parseDouble(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("parameter '" + name + "' must be a number from " + min + " to " + max + "; got '" + raw + "'");
  }

  static String category(AgentRequest request, String name) {
    String raw = request.value(name).orElseThrow(() -> new IllegalArgumentException(
        "missing parameter '" + name + "': one of " + String.join(", ", CATEGORIES.stream().sorted().toList())));
    String category = raw.trim().toLowerCase(Locale.ROOT);
    if (!CATEGORIES.contains(category)) {
      throw new IllegalArgumentException("unknown category '" + raw + "': one of " + String.join(", ", CATEGORIES.stream().sorted().toList()));
    }
    return category;
  }

  static Optional<String> text(AgentRequest request, String name) {
    return request.value(name).map(String::trim).filter(v -> !v.isEmpty());
  }
}
