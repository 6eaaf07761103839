package io.gympulse.tools.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.Position;
import io.gympulse.tools.Route;
import io.gympulse.tools.TravelMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.location.LocationClient;

/** Amazon Location through the real SDK client, against a local endpoint answering real-shaped JSON. */
class LocationRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Position ADMIRALTY = new Position(22.279, 114.165);

  private HttpServer server;
  private LocationClient client;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  /** Serves CalculateRouteMatrix: {@code answer} turns the request into (status, body). */
  private LocationRoutes serve(Function<JsonNode, Object[]> answer) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      paths.add(exchange.getRequestURI().getPath());
      Object[] reply = answer.apply(request);
      byte[] body = ((String) reply[1]).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if ((int) reply[0] != 200) {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "InternalServerException");
      }
      exchange.sendResponseHeaders((int) reply[0], body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    client = LocationRoutes.client(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), "ap-east-1");
    return new LocationRoutes(client, "gym-pulse-route-calculator");
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  /** A matrix of one departure row: destination i is (1 + i) km and (10 + i) minutes away; {@code failIndex} unroutable. */
  private static Object[] matrix(JsonNode request, int failIndex) {
    ArrayNode row = JSON.createArrayNode();
    for (int i = 0; i < request.path("DestinationPositions").size(); i++) {
      ObjectNode entry = row.addObject();
      if (i == failIndex) {
        entry.putObject("Error").put("Code", "RouteNotFound").put("Message", "no route");
      } else {
        entry.put("Distance", 1.0 + i).put("DurationSeconds", (10 + i) * 60);
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.putArray("RouteMatrix").add(row);
    body.putObject("Summary").put("DataSource", "Esri").put("DistanceUnit", "Kilometers").put("ErrorCount", 0)
        .put("RouteCount", row.size());
    return new Object[] {200, body.toString()};
  }

  private static List<BranchSite> branches(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new BranchSite("gym-" + i, "Gym " + i, new Position(22.28 + i * 0.001, 114.16))).toList();
  }

  /** Verifies routed times from the service, requests in batches of ten, positions as [lon, lat]. */
  @Test
  void routesComeFromTheServiceInBatches() throws Exception {
    LocationRoutes routes = serve(request -> matrix(request, -1));

    List<Route> result = routes.travelTimes(ADMIRALTY, branches(12), TravelMode.WALKING);

    assertEquals(12, result.size());
    assertEquals(List.of(10, 2), requests.stream().map(r -> r.path("DestinationPositions").size()).toList());
    assertEquals("/routes/v0/calculators/gym-pulse-route-calculator/calculate/route-matrix", paths.get(0));
    JsonNode first = requests.get(0);
    assertEquals(114.165, first.path("DeparturePositions").get(0).get(0).asDouble(), 1e-9, "longitude first");
    assertEquals("Walking", first.path("TravelMode").asText());
    assertFalse(result.get(0).estimated());
    assertEquals(10.0, result.get(0).minutes(), 1e-9);
    assertEquals(11.0, result.get(1).minutes(), 1e-9);
    assertEquals(1.0, result.get(10).distanceKm(), 1e-9, "the second batch starts again at its own index");
  }

  /** Verifies that a failing service and an unroutable destination fall back to flagged estimates. */
  @Test
  void failuresFallBackToFlaggedEstimates() throws Exception {
    LocationRoutes failing = serve(request -> new Object[] {500, "{\"message\":\"boom\"}"});
    List<Route> estimated = failing.travelTimes(ADMIRALTY, branches(2), TravelMode.CAR);
    assertEquals(2, estimated.size());
    assertTrue(estimated.stream().allMatch(Route::estimated));
    stop();
    requests.clear();

    LocationRoutes partial = serve(request -> matrix(request, 1));
    List<Route> mixed = partial.travelTimes(ADMIRALTY, branches(3), TravelMode.CAR);
    assertEquals(List.of(false, true, false), mixed.stream().map(Route::estimated).toList());
    assertEquals("Car", requests.get(0).path("TravelMode").asText());
  }

  /** Verifies that transit, which the service cannot route, is estimated without a request. */
  @Test
  void transitIsEstimatedWithoutARequest() throws Exception {
    LocationRoutes routes = serve(request -> matrix(request, -1));
    List<Route> transit = routes.travelTimes(ADMIRALTY, branches(2), TravelMode.TRANSIT);
    assertEquals(2, transit.size());
    assertTrue(transit.stream().allMatch(Route::estimated));
    assertEquals(0, requests.size());
  }
}
