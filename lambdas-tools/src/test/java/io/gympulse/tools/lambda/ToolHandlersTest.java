package io.gympulse.tools.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gympulse.tools.Availability;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.EstimatedRoutes;
import io.gympulse.tools.PastSlot;
import io.gympulse.tools.SlotHistory;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Bedrock agent action-group contract, from real-shaped JSON events under {@code events/}. */
class ToolHandlersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<BranchSite> SITES = BranchSites.bundled();
  /** Free leg machines: Causeway Bay 3, Central 0; cardio: Mong Kok 2. */
  private static final Map<String, Integer> FREE = Map.of("hk-causeway-hennessy#legs", 3, "kl-mongkok-nathan#cardio", 2);

  /** Mid-afternoon: the handler's clock, so arrival times are known. */
  private static final Instant NOW = Instant.parse("2026-01-05T07:00:00Z");
  /** Four past weeks at every slot asked for: half busy, a machine free all along. */
  private static final SlotHistory HALF_BUSY = slots -> slots.stream()
      .collect(Collectors.toMap(slot -> slot, slot -> Collections.nCopies(4, new PastSlot(0.5, 1))));

  private final AvailabilityToolHandler availability = new AvailabilityToolHandler(SITES,
      () -> (gymId, category) -> new Availability(FREE.getOrDefault(gymId + "#" + category, 0),
          10 - FREE.getOrDefault(gymId + "#" + category, 0), 10), HALF_BUSY, Clock.fixed(NOW, ZoneOffset.UTC));
  private final RouteMatrixToolHandler routes = new RouteMatrixToolHandler(SITES, new EstimatedRoutes());

  @SuppressWarnings("unchecked")
  private static Map<String, Object> event(String name) throws Exception {
    try (InputStream in = ToolHandlersTest.class.getResourceAsStream("/events/" + name)) {
      return JSON.readValue(in, Map.class);
    }
  }

  private static JsonNode function(Map<String, Object> response) {
    return JSON.valueToTree(response).path("response").path("functionResponse");
  }

  private static JsonNode body(Map<String, Object> response) throws Exception {
    return JSON.readTree(function(response).path("responseBody").path("TEXT").path("body").asText());
  }

  /** Verifies the response envelope and a ranked answer for "leg day near me". */
  @Test
  void availabilityAnswersInTheAgentContract() throws Exception {
    Map<String, Object> response = availability.handleRequest(event("availability-legs-near-admiralty.json"), null);

    JsonNode tree = JSON.valueToTree(response);
    assertEquals("1.0", tree.path("messageVersion").asText());
    assertEquals("availability", tree.path("response").path("actionGroup").asText());
    assertEquals("find_available_branches", tree.path("response").path("function").asText());
    assertTrue(function(response).path("responseState").isMissingNode(), "a normal answer has no response state");
    assertEquals("u-42", tree.path("sessionAttributes").path("memberId").asText(), "session attributes pass through");
    JsonNode branches = body(response).path("branches");
    assertEquals("hk-causeway-hennessy", branches.get(0).path("gymId").asText(), "the nearest branch with a free machine first");
    assertEquals(3, branches.get(0).path("free").asInt());
    assertEquals(10, branches.get(0).path("total").asInt());
    assertTrue(branches.get(0).path("distanceKm").asDouble() < 5);
  }

  /**
   * Verifies that every branch in the answer carries the chance of a free machine on arrival (0–1), its confidence
   * and the arrival time (ISO 8601, now + the walking estimate), ranked by that chance.
   */
  @Test
  void availabilityCarriesTheChanceOfAFreeMachineOnArrival() throws Exception {
    JsonNode body = body(availability.handleRequest(event("availability-legs-near-admiralty.json"), null));

    assertEquals("free_on_arrival", body.path("rankedBy").asText());
    assertEquals("walking", body.path("travelMode").asText());
    assertEquals(0, body.path("withoutHistory").size());
    double previous = 1;
    for (JsonNode branch : body.path("branches")) {
      double chance = branch.path("freeOnArrival").asDouble(-1);
      assertTrue(chance >= 0 && chance <= 1 && chance <= previous, branch.toString());
      assertTrue(branch.path("confidence").asDouble(-1) >= 0, branch.toString());
      assertEquals(NOW.plusSeconds(Math.round(branch.path("etaMinutes").asDouble() * 60)),
          Instant.parse(branch.path("arrivalAt").asText()), branch.toString());
      previous = chance;
    }
    JsonNode top = body.path("branches").get(0);
    assertEquals("hk-causeway-hennessy", top.path("gymId").asText(), "three free near by: most likely on arrival");
    assertTrue(top.path("freeOnArrival").asDouble() > 0.9, top.toString());
  }

  /** Verifies that without history the answer says the ranking is by free machines now, with no chance given. */
  @Test
  void withoutHistoryTheAnswerSaysItRanksByFreeNow() throws Exception {
    AvailabilityToolHandler noHistory = new AvailabilityToolHandler(SITES,
        () -> (gymId, category) -> new Availability(FREE.getOrDefault(gymId + "#" + category, 0), 0, 10),
        slots -> Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));

    JsonNode body = body(noHistory.handleRequest(event("availability-legs-near-admiralty.json"), null));

    assertEquals("free_now", body.path("rankedBy").asText());
    assertTrue(body.path("withoutHistory").size() > 0, body.toString());
    assertTrue(body.path("branches").get(0).path("freeOnArrival").isNull(), body.toString());
    assertEquals("hk-causeway-hennessy", body.path("branches").get(0).path("gymId").asText());
  }

  /** Verifies that a location in the session attributes is used, and category case does not matter. */
  @Test
  void locationMayComeFromSessionAttributes() throws Exception {
    JsonNode body = body(availability.handleRequest(event("availability-location-in-session.json"), null));
    assertEquals("cardio", body.path("category").asText());
    assertEquals(3.0, body.path("radiusKm").asDouble());
    assertEquals("kl-mongkok-nathan", body.path("branches").get(0).path("gymId").asText());
  }

  /** Verifies that missing or bad parameters re-prompt the agent with what is wrong, never an exception. */
  @Test
  void badParametersReprompt() throws Exception {
    Map<String, Object> missing = availability.handleRequest(event("availability-missing-location.json"), null);
    assertEquals("REPROMPT", function(missing).path("responseState").asText());
    assertTrue(function(missing).path("responseBody").path("TEXT").path("body").asText().contains("missing parameter 'lat'"));

    Map<String, Object> bad = availability.handleRequest(event("availability-bad-lon.json"), null);
    assertEquals("REPROMPT", function(bad).path("responseState").asText());
    assertTrue(function(bad).path("responseBody").path("TEXT").path("body").asText().contains("'lon' must be a number"));
  }

  /** Verifies that an unknown category, at a valid location, re-prompts the agent naming it and the known ones. */
  @Test
  void unknownCategoryReprompts() throws Exception {
    Map<String, Object> unknown = availability.handleRequest(event("availability-unknown-category.json"), null);
    assertEquals("REPROMPT", function(unknown).path("responseState").asText());
    String body = function(unknown).path("responseBody").path("TEXT").path("body").asText();
    assertTrue(body.contains("unknown category 'yoga'"), body);
    assertTrue(body.contains("legs"), body);
  }

  /** Verifies that a failing source answers FAILURE instead of throwing at the runtime. */
  @Test
  void sourceFailureAnswersFailure() throws Exception {
    AvailabilityToolHandler broken = new AvailabilityToolHandler(SITES, () -> {
      throw new IllegalStateException("table unreachable");
    }, HALF_BUSY, Clock.systemUTC());
    Map<String, Object> response = broken.handleRequest(event("availability-legs-near-admiralty.json"), null);
    assertEquals("FAILURE", function(response).path("responseState").asText());
    assertFalse(function(response).path("responseBody").path("TEXT").path("body").asText().contains("unreachable"),
        "internals are not handed to the model");
  }

  /**
   * Verifies that each handler answers only the function it declares: an action group wired to the wrong Lambda
   * gets FAILURE naming the right function, not an answer to another question.
   */
  @Test
  void eachHandlerAnswersOnlyItsOwnFunction() throws Exception {
    Map<String, Object> toRoutes = event("availability-legs-near-admiralty.json");
    Map<String, Object> toAvailability = event("route-matrix-two-branches.json");

    Map<String, Object> routesAnswer = routes.handleRequest(toRoutes, null);
    Map<String, Object> availabilityAnswer = availability.handleRequest(toAvailability, null);

    assertEquals("FAILURE", function(routesAnswer).path("responseState").asText());
    assertTrue(function(routesAnswer).path("responseBody").path("TEXT").path("body").asText().contains("travel_times only"));
    assertEquals("FAILURE", function(availabilityAnswer).path("responseState").asText());
    assertEquals(List.of("find_available_branches", "travel_times"), ToolFunction.all().stream().map(ToolFunction::name).toList());
  }

  /** Verifies travel times to the asked branches, flagged as estimates. */
  @Test
  void routeMatrixAnswersWithFlaggedEstimates() throws Exception {
    Map<String, Object> response = routes.handleRequest(event("route-matrix-two-branches.json"), null);
    JsonNode body = body(response);
    assertEquals("walking", body.path("travelMode").asText());
    assertEquals(2, body.path("routes").size());
    for (JsonNode route : body.path("routes")) {
      assertTrue(route.path("estimated").asBoolean());
      assertTrue(route.path("minutes").asDouble() > 5 && route.path("minutes").asDouble() < 40, route.toString());
    }
  }
}
