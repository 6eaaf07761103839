package io.gympulse.gateway.rest;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code Allow} header of a 405 (RFC 9110 §15.5.6), read from the router's own routes so it cannot drift from
 * what is served: a path's methods, {@code HEAD} wherever {@code GET} is (answered by {@code GET}'s handler), and
 * {@code OPTIONS} everywhere (CORS preflights, and a plain {@code OPTIONS} answered with this header).
 */
final class AllowedMethods {

  private final Map<Pattern, Set<String>> byPath;

  private AllowedMethods(Map<Pattern, Set<String>> byPath) {
    this.byPath = byPath;
  }

  /** Reads {@code router}'s routes; call once every route is registered. */
  static AllowedMethods of(Router router) {
    Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        // a prefix route ("/app/*") keeps its path without the star
        String template = route.isExactPath() ? route.getPath() : route.getPath() + "*";
        Set<String> methods = byTemplate.computeIfAbsent(template, path -> new TreeSet<>());
        route.methods().forEach(method -> methods.add(method.name()));
      }
    }
    Map<Pattern, Set<String>> byPath = new LinkedHashMap<>();
    byTemplate.forEach((template, methods) -> {
      if (methods.contains(HttpMethod.GET.name())) {
        methods.add(HttpMethod.HEAD.name());
      }
      methods.add(HttpMethod.OPTIONS.name());
      byPath.put(pattern(template), methods);
    });
    return new AllowedMethods(byPath);
  }

  /** The methods {@code path} serves, comma-separated, e.g. {@code GET, HEAD, OPTIONS}. */
  String header(String path) {
    Set<String> methods = new TreeSet<>();
    byPath.forEach((pattern, served) -> {
      if (pattern.matcher(path).matches()) {
        methods.addAll(served);
      }
    });
    return String.join(", ", methods);
  }

  /**
   * A path parameter ({@code :gymId}) is one segment, as in vertx-web, and a trailing slash matches there too; a
   * final {@code *} matches the rest of the path.
   */
  private static Pattern pattern(String template) {
    String segments = Arrays.stream(template.split("/", -1))
        .map(segment -> segment.startsWith(":") ? "[^/]+" : segment.equals("*") ? ".*" : Pattern.quote(segment))
        .collect(Collectors.joining("/"));
    return Pattern.compile(segments + "/?");
  }
}
