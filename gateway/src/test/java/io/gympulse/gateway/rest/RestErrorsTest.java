package io.gympulse.gateway.rest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST API over real HTTP: its error contract, the operational endpoints, CORS and history paging. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestErrorsTest {

  private static final String JSON = "application/json";
  private static final List<String> COUNT_FIELDS = List.of("free", "occupied", "offline", "total");

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private TestGateway restricted;
  private MqttClient device;

  @AfterEach
  void closeDeviceAndRestrictedGateway() {
    Devices.closeQuietly(device);
    if (restricted != null) {
      restricted.stop();
    }
  }

  /** Verifies that an unknown branch, machine or path is a 404 with a JSON error body. */
  @ParameterizedTest
  @ValueSource(strings = {
      "/branches/hk-nowhere",
      "/branches/hk-nowhere/categories/legs",
      "/branches/hk-nowhere/categories/legs/machines",
      "/machines/no-such-machine",
      "/machines/no-such-machine/history?limit=0",
      "/no/such/path"})
  void unknownResourceIsNotFoundWithJsonError(String path) {
    // WHEN a client asks for something that does not exist
    Http.Response response = Http.get(gw.httpPort(), path);

    // THEN it is told so in the error contract
    assertError(response, 404, "not_found");
  }

  /** Verifies that a category outside the fixed set is a 400, not a 404: the set is part of the API. */
  @ParameterizedTest
  @ValueSource(strings = {
      "/branches/" + GYM + "/categories/feet",
      "/branches/" + GYM + "/categories/Legs",
      "/branches/" + GYM + "/categories/feet/machines"})
  void unknownCategoryIsBadRequest(String path) {
    // WHEN a client names a category that does not exist
    Http.Response response = Http.get(gw.httpPort(), path);

    // THEN the error names the problem and the accepted values
    JsonObject error = assertError(response, 400, "invalid_category");
    assertTrue(error.getString("message").contains(Category.accepted()), error.getString("message"));
  }

  /** Verifies that a method a known path does not support is a 405 with a JSON error body. */
  @ParameterizedTest
  @CsvSource({"DELETE, /branches", "POST, /health", "PUT, /machines/" + MACHINE})
  void unsupportedMethodIsMethodNotAllowedWithJsonError(String method, String path) {
    // WHEN a client uses a method the path does not serve
    Http.Response response = Http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));

    // THEN it gets a 405 in the error contract
    assertError(response, 405, "method_not_allowed");
  }

  /** Verifies that malformed history parameters and foreign cursors are 400s naming what is wrong. */
  @ParameterizedTest
  @CsvSource({
      "from=abc, invalid_parameter",
      "to=yesterday, invalid_parameter",
      "from=-1, invalid_parameter",
      "limit=0, invalid_parameter",
      "limit=5000, invalid_parameter",
      "limit=ten, invalid_parameter",
      "from=2000&to=1000, invalid_parameter",
      "from=2025-11-27T00:00:00Z&to=2025-11-26T00:00:00Z, invalid_parameter",
      "cursor=garbage, invalid_cursor",
      "cursor=dHM6YWJj, invalid_cursor"})
  void malformedHistoryQueryIsBadRequest(String query, String code) {
    // WHEN a client reads history with a bad query
    Http.Response response = Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history?" + query);

    // THEN it gets a 400 with the matching code
    assertError(response, 400, code);
  }

  /** Verifies that a plain GET on the WebSocket endpoint is refused with upgrade_required. */
  @Test
  void plainGetOnWebSocketEndpointIsUpgradeRequired() {
    // WHEN a client GETs /ws without asking for an upgrade
    Http.Response response = Http.get(gw.httpPort(), "/ws");

    // THEN it is told to upgrade
    assertError(response, 400, "upgrade_required");
  }

  /** Verifies that liveness answers {"status":"up"} as JSON. */
  @Test
  void healthIsUp() {
    // WHEN the liveness probe runs
    Http.Response response = Http.get(gw.httpPort(), "/health");

    // THEN the gateway is up
    assertEquals(200, response.status());
    assertEquals(JSON, response.contentType());
    assertEquals(new JsonObject().put("status", "up"), response.json());
  }

  /** Verifies that readiness answers with the catalog size once started. */
  @Test
  void readyReportsCatalogAndConnections() {
    // WHEN the readiness probe runs on a started gateway
    Http.Response response = Http.get(gw.httpPort(), "/ready");

    // THEN it is ready and reports what it serves
    assertEquals(200, response.status());
    assertEquals(JSON, response.contentType());
    JsonObject body = response.json();
    assertEquals("ready", body.getString("status"));
    assertEquals(TestGateway.CATALOG.size(), body.getInteger("machines"));
    assertEquals(0, body.getInteger("webSocketConnections"));
    assertNotNull(body.getJsonObject("store").getInteger("machinesWithPendingWrites"));
  }

  /** Verifies that /metrics is Prometheus text holding the gateway's own metrics. */
  @Test
  void metricsArePrometheusText() {
    // WHEN Prometheus scrapes
    Http.Response response = Http.get(gw.httpPort(), "/metrics");

    // THEN it gets the text exposition format with gympulse_ series
    assertEquals(200, response.status());
    assertTrue(response.contentType().startsWith("text/plain"), response.contentType());
    assertTrue(response.text().contains("# TYPE gympulse_"), "no gympulse_ metric in:\n" + response.text());
  }

  /** Verifies that any origin may call the API by default, on successes, errors and preflights alike. */
  @Test
  void corsAllowsAnyOriginByDefault() {
    // WHEN a browser page from another origin reads a resource, hits an error and sends a preflight
    String origin = "http://example.com";
    Http.Response ok = Http.send(request("/branches").header("Origin", origin).GET());
    Http.Response error = Http.send(request("/branches/hk-nowhere").header("Origin", origin).GET());
    Http.Response preflight = Http.send(request("/branches").header("Origin", origin)
        .header("Access-Control-Request-Method", "GET").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    // THEN every answer allows the origin
    assertEquals(200, ok.status());
    assertEquals("*", ok.header("Access-Control-Allow-Origin").orElse(null));
    assertEquals(404, error.status());
    assertEquals("*", error.header("Access-Control-Allow-Origin").orElse(null), "error bodies are readable");
    assertEquals(204, preflight.status());
    assertEquals("*", preflight.header("Access-Control-Allow-Origin").orElse(null));
    assertTrue(preflight.header("Access-Control-Allow-Methods").orElse("").contains("GET"),
        preflight.headers().map().toString());
  }

  /** Verifies that with CORS_ORIGINS set, another origin is refused with a 403 JSON error, not a 500. */
  @Test
  void corsRefusesOriginNotAllowedWithForbidden() {
    // GIVEN a gateway that allows one origin only
    restricted = TestGateway.start(gw.vertx(), Map.of("CORS_ORIGINS", "http://good.example"), TestGateway.machineStore());

    // WHEN pages from that origin and from another one call it
    Http.Response allowed = Http.send(request(restricted, "/health").header("Origin", "http://good.example").GET());
    Http.Response foreign = Http.send(request(restricted, "/health").header("Origin", "http://evil.example").GET());

    // THEN the allowed origin is served and the other one is refused as a client error
    assertEquals(200, allowed.status());
    assertEquals("http://good.example", allowed.header("Access-Control-Allow-Origin").orElse(null));
    assertError(foreign, 403, "forbidden");
    assertTrue(foreign.header("Access-Control-Allow-Origin").isEmpty(), foreign.headers().map().toString());
  }

  /** Verifies that /branches lists the 12 branches, each with all 6 categories whose counts add up to its totals. */
  @Test
  void branchesListEveryBranchWithConsistentCounts() {
    // WHEN a client lists the branches of a gateway no device has reported to yet
    Http.Response response = Http.get(gw.httpPort(), "/branches");

    // THEN every branch is there, in catalog order
    assertEquals(200, response.status());
    assertEquals(JSON, response.contentType());
    JsonArray branches = response.json();
    assertEquals(12, branches.size());
    assertEquals(TestGateway.CATALOG.branches().stream().map(Branch::id).toList(),
        branches.stream().map(b -> ((JsonObject) b).getString("id")).toList());
    Set<String> categories = Arrays.stream(Category.values()).map(Category::wireName).collect(Collectors.toSet());
    int machines = 0;
    for (Object item : branches) {
      JsonObject branch = (JsonObject) item;
      String id = branch.getString("id");
      // AND each has the six categories, whose counts sum to the branch totals
      JsonObject byCategory = branch.getJsonObject("categories");
      assertEquals(categories, byCategory.fieldNames(), id);
      JsonObject totals = branch.getJsonObject("totals");
      for (String field : COUNT_FIELDS) {
        int sum = byCategory.stream().mapToInt(e -> ((JsonObject) e.getValue()).getInteger(field)).sum();
        assertEquals(totals.getInteger(field), sum, id + " " + field);
      }
      assertEquals(totals.getInteger("total"),
          totals.getInteger("free") + totals.getInteger("occupied") + totals.getInteger("offline"), id);
      // AND with nothing reported yet every machine shows offline
      assertEquals(totals.getInteger("total"), totals.getInteger("offline"), id);
      machines += totals.getInteger("total");
    }
    assertEquals(TestGateway.CATALOG.size(), machines);
  }

  /** Verifies that history pages one event at a time, newest first, with no duplicates, until nextCursor is null. */
  @Test
  void historyPagesNewestFirstUntilCursorIsNull() throws Exception {
    // GIVEN five transitions of one machine, acknowledged (QoS 1) only once stored
    List<Double> published = publishTransitions(5);

    // WHEN a client reads its history one event per page, following nextCursor
    List<Double> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String query = "?limit=1"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Http.Response response = Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history" + query);
      assertEquals(200, response.status(), response.text());
      JsonObject page = response.json();
      assertEquals(MACHINE, page.getString("machineId"));
      JsonArray events = page.getJsonArray("events");
      assertEquals(1, events.size(), "page " + pages + ": " + page);
      seen.add(events.getJsonObject(0).getDouble("timestamp"));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages <= published.size());

    // THEN it saw every transition exactly once, newest first, and the last page had no cursor
    List<Double> newestFirst = new ArrayList<>(published);
    newestFirst.sort((a, b) -> Double.compare(b, a));
    assertEquals(newestFirst, seen);
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no duplicates");
  }

  /** Verifies that from/to are inclusive and accept epoch seconds and ISO-8601 instants alike. */
  @Test
  void historyWindowIsInclusiveInEitherTimeForm() throws Exception {
    // GIVEN five transitions of one machine
    List<Double> published = publishTransitions(5);

    // WHEN a client asks for the window from the 2nd (as an ISO instant) to the 4th (as epoch seconds)
    String from = Instant.ofEpochMilli(Math.round(published.get(1) * 1000)).toString();
    String to = BigDecimal.valueOf(published.get(3)).toPlainString();
    Http.Response response = Http.get(gw.httpPort(),
        "/machines/" + MACHINE + "/history?from=" + from + "&to=" + to);

    // THEN it gets exactly those three, newest first, with their previous states
    assertEquals(200, response.status(), response.text());
    JsonObject page = response.json();
    JsonArray events = page.getJsonArray("events");
    assertEquals(List.of(published.get(3), published.get(2), published.get(1)),
        events.stream().map(e -> ((JsonObject) e).getDouble("timestamp")).toList());
    assertEquals("occupied", events.getJsonObject(0).getString("status"));
    assertEquals("free", events.getJsonObject(0).getString("previousStatus"));
    assertEquals("device", events.getJsonObject(0).getString("cause"));
    assertEquals(4, events.getJsonObject(0).getInteger("seq"));
    assertNull(page.getValue("nextCursor"));
  }

  /**
   * Publishes {@code count} alternating free/occupied reports for {@link Devices#MACHINE}, a few seconds
   * apart in the recent past; each is a transition. Returns their timestamps, oldest first.
   */
  private List<Double> publishTransitions(int count) throws Exception {
    device = Devices.connect(gw.mqttPort(), Devices.MACHINE_CLIENT_ID);
    double first = Math.floor(Devices.now()) - 10.0 * count + 0.25;
    List<Double> timestamps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double timestamp = first + 10.0 * i;
      device.publish(Devices.topic(GYM, MACHINE), Devices.status(i % 2 == 0 ? "free" : "occupied", timestamp, i + 1),
          1, false);
      timestamps.add(timestamp);
    }
    return timestamps;
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return request(gw.gateway(), pathAndQuery);
  }

  private static HttpRequest.Builder request(TestGateway target, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.httpPort() + pathAndQuery));
  }

  /** Asserts the error contract and returns the {@code error} object. */
  private static JsonObject assertError(Http.Response response, int status, String code) {
    assertEquals(status, response.status(), response.text());
    assertEquals(JSON, response.contentType(), "every error is JSON");
    JsonObject body = response.json();
    assertEquals(Set.of("error"), body.fieldNames(), response.text());
    JsonObject error = body.getJsonObject("error");
    assertEquals(Set.of("code", "message"), error.fieldNames(), response.text());
    assertEquals(code, error.getString("code"), response.text());
    assertFalse(error.getString("message").isBlank(), response.text());
    return error;
  }
}
