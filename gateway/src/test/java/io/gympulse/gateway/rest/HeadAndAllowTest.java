package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code HEAD} answers like {@code GET} without a body, and a method a path does not serve is a 405 with {@code Allow}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeadAndAllowTest {

  /** Describes the connection, not the resource: the raw client asks to close, the JDK client keeps it open. */
  private static final String CONNECTION = "connection";

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private String authorization;

  @BeforeEach
  void openSession() {
    // a member session, so /alerts answers its list rather than 401 (every other route ignores it)
    authorization = "Bearer " + new Alerts(gw.httpPort()).newSession();
  }

  /** Verifies that HEAD on every documented GET path has GET's status and headers (Content-Length, ETag, ...) and no body. */
  @Test
  void headOnEveryGetPathAnswersLikeGetWithoutBody() {
    // GIVEN every path openapi.yaml documents with GET
    Set<String> templates = DocumentedOperations.getPaths();
    assertTrue(templates.size() >= 15, "documented GET paths: " + templates);

    Set<String> changingBetweenGets = new TreeSet<>();
    for (String template : templates) {
      String path = DocumentedOperations.concrete(template);
      // WHEN a GET, a HEAD and another GET are sent (again if the resource changed between the GETs)
      boolean stable = false;
      for (int attempt = 0; attempt < 3 && !stable; attempt++) {
        Http.Response before = get(path);
        RawHttp.Response head = RawHttp.exchange(gw.httpPort(), "HEAD", path, "Authorization: " + authorization);
        Http.Response after = get(path);

        // THEN HEAD sent no byte of body, though GET has one
        assertEquals(0, head.body().length, template + " sent a body: " + new String(head.body()));
        assertFalse(before.text().isEmpty(), template + ": GET has no body, so HEAD proves nothing");
        assertEquals(before.status(), head.status(), template + " status");
        stable = before.status() == after.status() && headers(before).equals(headers(after));
        if (stable) {
          // AND while the resource did not change, HEAD's headers are exactly GET's
          assertEquals(headers(before), withoutConnection(head.headers()), template + " headers");
        } else {
          assertEquals(headers(before).keySet(), withoutConnection(head.headers()).keySet(), template + " header names");
        }
      }
      if (!stable) {
        changingBetweenGets.add(template);
      }
    }
    // AND only the metrics scrape changes from one request to the next, so the others were compared exactly
    assertTrue(Set.of("/metrics").containsAll(changingBetweenGets), "changed between two GETs: " + changingBetweenGets);
  }

  /** Verifies that a method a documented path does not serve is a 405 whose Allow lists exactly what it serves. */
  @Test
  void unsupportedMethodListsAllowedMethods() {
    // GIVEN every documented path and its methods
    Map<String, Set<String>> documented = DocumentedOperations.byPath();
    for (Map.Entry<String, Set<String>> operation : documented.entrySet()) {
      assertFalse(operation.getValue().contains("PATCH"), "the probe method must be one no path serves");
      String path = DocumentedOperations.concrete(operation.getKey());

      // WHEN a client sends PATCH
      Http.Response response = Http.send(request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()));

      // THEN it is a 405 error naming the methods the path serves, HEAD with GET, and OPTIONS
      assertEquals(405, response.status(), operation.getKey());
      JsonObject error = response.<JsonObject>json().getJsonObject("error");
      assertEquals("method_not_allowed", error.getString("code"));
      assertEquals(expectedAllow(operation.getValue()), allow(response.header("Allow").orElse("")), operation.getKey());
    }
  }

  /** Verifies that HEAD on a path without GET is a 405 with Allow and the error's length, but no body. */
  @Test
  void headOnPathWithoutGetIsMethodNotAllowed() {
    // WHEN a client sends HEAD to a POST-only path
    RawHttp.Response response = RawHttp.exchange(gw.httpPort(), "HEAD", "/sessions");

    // THEN it is told which methods the path serves, with the error's headers but no body
    assertEquals(405, response.status());
    assertEquals(Set.of("OPTIONS", "POST"), allow(response.headers().get("allow").get(0)));
    assertEquals(List.of("application/json"), response.headers().get("content-type"));
    assertTrue(Integer.parseInt(response.headers().get("content-length").get(0)) > 0, response.headers().toString());
    assertEquals(0, response.body().length);
  }

  /** Verifies that HEAD keeps the query string and accepts an absolute-form target, as GET does. */
  @Test
  void headKeepsQueryAndAcceptsAbsoluteTarget() {
    // WHEN a client sends HEAD for a history page with a bad limit, once with an absolute-form target
    String path = "/machines/legpress-centralc-01/history?limit=0";
    RawHttp.Response relative = RawHttp.exchange(gw.httpPort(), "HEAD", path);
    RawHttp.Response absolute = RawHttp.exchange(gw.httpPort(), "HEAD", "http://127.0.0.1:" + gw.httpPort() + path);

    // THEN both are the 400 the GET gets (the query reached the handler), with its length and no body
    Http.Response get = get(path);
    assertEquals(400, get.status());
    for (RawHttp.Response head : List.of(relative, absolute)) {
      assertEquals(400, head.status());
      assertEquals(get.headers().allValues("Content-Length"), head.headers().get("content-length"));
      assertEquals(0, head.body().length);
    }
  }

  /** Verifies that a plain OPTIONS request (not a CORS preflight) is answered 204 with Allow. */
  @Test
  void plainOptionsAnswersAllow() {
    // WHEN a client asks what /alerts supports, without an Origin
    Http.Response response = Http.send(request("/alerts").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    // THEN it gets the methods and no error
    assertEquals(204, response.status(), response.text());
    assertEquals(Set.of("GET", "HEAD", "OPTIONS", "POST"), allow(response.header("Allow").orElse("")));
  }

  private Http.Response get(String path) {
    return Http.send(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path))
        .header("Authorization", authorization);
  }

  private static Set<String> expectedAllow(Set<String> documented) {
    Set<String> allowed = new TreeSet<>(documented);
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    allowed.add("OPTIONS");
    return allowed;
  }

  private static Set<String> allow(String header) {
    return Arrays.stream(header.split(",")).map(String::trim).filter(m -> !m.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Header names in lower case with their values, as the raw client reports them. */
  private static Map<String, List<String>> headers(Http.Response response) {
    Map<String, List<String>> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), new ArrayList<>(values)));
    return withoutConnection(headers);
  }

  private static Map<String, List<String>> withoutConnection(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>(headers);
    copy.remove(CONNECTION);
    return copy;
  }
}
