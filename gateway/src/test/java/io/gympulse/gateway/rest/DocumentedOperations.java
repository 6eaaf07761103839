package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.fail;

import io.gympulse.gateway.app.Main;
import io.gympulse.gateway.testing.Devices;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations {@code openapi.yaml} documents, as concrete request paths: tests that must cover every route read
 * them here, so a new route is covered (or the test says which path parameter it cannot fill) without editing them.
 */
final class DocumentedOperations {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}]+)}");
  /** A real value for each path parameter, so the request reaches the handler and not a 404. */
  private static final Map<String, String> SAMPLES = Map.of(
      "gymId", Devices.GYM,
      "category", "legs",
      "machineId", Devices.MACHINE,
      "alertId", "00000000-0000-0000-0000-000000000000");

  private DocumentedOperations() {
  }

  /** Every documented path template with its methods in upper case, e.g. {@code /alerts -> [GET, POST]}. */
  @SuppressWarnings("unchecked")
  static Map<String, Set<String>> byPath() {
    Map<String, Object> document = new Yaml().load(Main.openApiDocument().toString(StandardCharsets.UTF_8));
    Map<String, Set<String>> operations = new TreeMap<>();
    for (Map.Entry<String, Object> path : ((Map<String, Object>) document.get("paths")).entrySet()) {
      Set<String> methods = new TreeSet<>();
      for (String key : ((Map<String, Object>) path.getValue()).keySet()) {
        if (METHODS.contains(key)) {
          methods.add(key.toUpperCase());
        }
      }
      operations.put(path.getKey(), methods);
    }
    return operations;
  }

  /** The documented paths that serve {@code GET}, as templates. */
  static Set<String> getPaths() {
    Set<String> paths = new TreeSet<>();
    byPath().forEach((path, methods) -> {
      if (methods.contains("GET")) {
        paths.add(path);
      }
    });
    return paths;
  }

  /** {@code template} with each {@code {param}} replaced by a sample value of the test catalog. */
  static String concrete(String template) {
    Matcher matcher = TEMPLATE_PARAM.matcher(template);
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String sample = SAMPLES.get(matcher.group(1));
      if (sample == null) {
        fail("no sample value for path parameter {" + matcher.group(1) + "} of " + template + ": add one to SAMPLES");
      }
      matcher.appendReplacement(path, Matcher.quoteReplacement(sample));
    }
    matcher.appendTail(path);
    return path.toString();
  }
}
