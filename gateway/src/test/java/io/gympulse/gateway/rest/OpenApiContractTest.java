package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gympulse.gateway.app.Main;
import io.gympulse.gateway.config.ConfigSource;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/** Keeps {@code openapi.yaml} true: it documents exactly the routes the router serves, and is what it serves. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiContractTest {

  private static final Set<String> OPERATION_KEYS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}]+)}");

  private GuardedVertx guarded;
  private TestGateway gateway;

  @BeforeEach
  void createVertx() {
    guarded = GuardedVertx.create();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop();
    }
    guarded.closeAndAssertNoBlocking();
  }

  /**
   * Verifies that every (method, path) the router serves is documented, and every documented one is served. The web
   * app's page and files ({@link WebAppRoutes#PATHS}) are the one exception: they are not API.
   */
  @Test
  void documentedOperationsAreExactlyTheRoutedOperations() {
    // GIVEN the router the gateway builds
    gateway = TestGateway.start(guarded.vertx());
    Router router = gateway.gateway().restApi().router(guarded.vertx(), config().http());

    // WHEN its routes (but the web app's) and the document's operations are listed as "METHOD /path/{param}"
    Set<String> routed = routedOperations(router);
    routed.removeIf(operation -> WebAppRoutes.PATHS.contains(operation.substring(operation.indexOf(' ') + 1)));
    Set<String> documented = documentedOperations(document());

    // THEN they are the same, both ways
    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    Set<String> unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    assertTrue(undocumented.isEmpty() && unrouted.isEmpty(),
        "openapi.yaml is out of date:\n  served but not documented: " + undocumented
            + "\n  documented but not served: " + unrouted);
  }

  /** Verifies that every {@code {param}} of a documented path is declared as a required path parameter. */
  @Test
  void everyPathTemplateParameterIsDeclared() {
    // GIVEN the document
    Map<String, Object> document = document();

    // WHEN each operation's path parameters are resolved
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
      Set<String> inTemplate = new TreeSet<>();
      Matcher matcher = TEMPLATE_PARAM.matcher(path.getKey());
      while (matcher.find()) {
        inTemplate.add(matcher.group(1));
      }
      for (Map.Entry<String, Object> operation : map(path.getValue()).entrySet()) {
        if (!OPERATION_KEYS.contains(operation.getKey())) {
          continue;
        }
        Set<String> declared = new TreeSet<>();
        for (Object parameter : list(map(operation.getValue()).get("parameters"))) {
          Map<String, Object> resolved = resolve(document, map(parameter));
          if ("path".equals(resolved.get("in")) && Boolean.TRUE.equals(resolved.get("required"))) {
            declared.add((String) resolved.get("name"));
          }
        }
        if (!declared.equals(inTemplate)) {
          problems.add(operation.getKey().toUpperCase() + " " + path.getKey() + ": template " + inTemplate
              + ", declared " + declared);
        }
      }
    }

    // THEN template and declarations agree
    assertEquals(List.of(), problems);
  }

  /** Verifies that {@code GET /openapi.yaml} serves the bundled document, byte for byte, as YAML. */
  @Test
  void openApiEndpointServesTheBundledDocumentAsYaml() {
    // GIVEN a running gateway
    gateway = TestGateway.start(guarded.vertx());

    // WHEN the document is fetched over HTTP
    Http.Response response = Http.get(gateway.httpPort(), "/openapi.yaml");

    // THEN it is the bundled file, served with a YAML content type
    assertEquals(200, response.status());
    assertTrue(response.contentType().startsWith("application/yaml"), "content type: " + response.contentType());
    assertEquals(Main.openApiDocument().toString(StandardCharsets.UTF_8), response.text());
    assertEquals("3.1.0", new Yaml().<Map<String, Object>>load(response.text()).get("openapi"));
  }

  private static GatewayConfig config() {
    return GatewayConfig.from(ConfigSource.of(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0")));
  }

  /**
   * Routes with a path, as "METHOD /x/{id}"; path-less routes (CORS, failure handler) serve no resource. A route
   * with a path but no method answers every method, so it shows as "ANY" and must not exist.
   */
  private static Set<String> routedOperations(Router router) {
    Set<String> operations = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        if (route.isRegexPath()) {
          fail("a pathRegex route cannot be compared with openapi.yaml; register it with a :param path");
        }
        continue;
      }
      String path = VERTX_PARAM.matcher(route.isExactPath() ? route.getPath() : route.getPath() + "*").replaceAll("{$1}");
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) {
        operations.add("ANY " + path);
      } else {
        methods.forEach(method -> operations.add(method.name() + " " + path));
      }
    }
    return operations;
  }

  private static Set<String> documentedOperations(Map<String, Object> document) {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
      for (String key : map(path.getValue()).keySet()) {
        if (OPERATION_KEYS.contains(key)) {
          operations.add(key.toUpperCase() + " " + path.getKey());
        }
      }
    }
    return operations;
  }

  private static Map<String, Object> document() {
    Map<String, Object> document = new Yaml().load(Main.openApiDocument().toString(StandardCharsets.UTF_8));
    assertEquals("3.1.0", document.get("openapi"));
    return document;
  }

  /** Follows a local {@code $ref} such as {@code #/components/parameters/GymId}. */
  private static Map<String, Object> resolve(Map<String, Object> document, Map<String, Object> node) {
    Object ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    Map<String, Object> target = document;
    for (String segment : ((String) ref).substring(2).split("/")) {
      target = map(target.get(segment));
    }
    return target;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    if (!(node instanceof Map)) {
      return fail("expected a mapping in openapi.yaml, got " + node);
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    return node == null ? List.of() : (List<Object>) node;
  }
}
