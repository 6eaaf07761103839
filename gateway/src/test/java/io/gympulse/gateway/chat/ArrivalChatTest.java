package io.gympulse.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryAlertStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /chat} ranked by the chance of a free machine on arrival: a gateway whose store holds past weeks of
 * bins, machines that report over MQTT, and a real HTTP client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArrivalChatTest {

  /** Sheung Wan: Central is ~1.6 km east (~26 min walk), Causeway Bay ~3.3 km (~54 min). */
  private static final JsonObject SHEUNG_WAN = new JsonObject().put("lat", 22.2868).put("lon", 114.1432);
  private static final long WEEK = Duration.ofDays(7).toSeconds();

  private GuardedVertx guarded;
  private TestGateway gateway;
  private AggregateStore bins;

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
    bins = new InMemoryAggregateStore(Clock.systemUTC());
    gateway = TestGateway.start(guarded.vertx(), Map.of(),
        new Stores(TestGateway.machineStore(), new InMemoryConnectionStore(), new InMemoryAlertStore(), bins, () -> { }));
  }

  @AfterEach
  void stop() {
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  /** Four past weeks of a branch category's bins over the next hours, all at {@code occupancy}. */
  private void history(String gymId, Category category, double occupancy) {
    long slot = OccupancyBin.startOf(Instant.now().getEpochSecond());
    int machines = TestGateway.CATALOG.machines(gymId, category).size();
    for (int week = 1; week <= 4; week++) {
      for (int next = -2; next <= 12; next++) {
        long start = slot + next * OccupancyBin.LENGTH_SECONDS - week * WEEK;
        double available = machines * 900.0;
        bins.put(new OccupancyBin(gymId, category, start, occupancy * available, available, (1 - occupancy) * available,
            occupancy >= 0.99 ? 300 : 900, 0, machines, 10));
      }
    }
  }

  private JsonObject chat(JsonObject body) {
    Http.Response response = Http.postJson(gateway.httpPort(), "/chat", body);
    assertEquals(200, response.status(), response.text());
    return response.json();
  }

  /**
   * Verifies that when the nearest branch has a machine free now but its evening rush comes first, the reply leads
   * with a farther branch that will have one, says the nearest will probably fill up, and every recommendation
   * carries {@code freeOnArrival} (0–1) and {@code arrivalAt} (ISO 8601, now + the walk).
   */
  @Test
  void nearestFillingUpIsSaidAndTheBetterChoiceLeads() throws Exception {
    // GIVEN Central (nearest) is usually full around now and for the next hours, every other branch quiet
    for (Branch branch : TestGateway.CATALOG.branches()) {
      history(branch.id(), Category.CORE, branch.id().equals("hk-central-caine") ? 0.99 : 0.3);
    }
    // AND right now Central has 1 of 5 core machines free, Causeway Bay 3 of 5
    Devices.reportCategory(gateway.mqttPort(), "hk-central-caine", Category.CORE, 1);
    Devices.reportCategory(gateway.mqttPort(), "hk-causeway-hennessy", Category.CORE, 3);

    // WHEN a member in Sheung Wan asks
    Instant asked = Instant.now();
    JsonObject answer = chat(new JsonObject().put("message", "abs near me?").put("location", SHEUNG_WAN));

    // THEN Causeway Bay leads, likely to have one free on arrival, and Central's rush is said
    String reply = answer.getString("reply");
    assertTrue(reply.startsWith("Go to Causeway Bay: 3 of 5 core machines free now; very likely one is free when you arrive in about "),
        reply);
    assertTrue(reply.contains("Central is nearer (about 26 min walk, 1 free now) but will probably fill up before you get there."),
        reply);
    JsonArray picks = answer.getJsonArray("recommendations");
    JsonObject top = picks.getJsonObject(0);
    assertEquals("hk-causeway-hennessy", top.getString("gymId"), answer.encodePrettily());
    for (Object item : picks) {
      JsonObject pick = (JsonObject) item;
      double chance = pick.getDouble("freeOnArrival");
      assertTrue(chance >= 0 && chance <= 1, pick.encode());
      Instant arrival = Instant.parse(pick.getString("arrivalAt"));
      Instant expected = asked.plusSeconds(Math.round(pick.getDouble("etaMinutes") * 60));
      assertTrue(Math.abs(Duration.between(expected, arrival).toSeconds()) < 30, pick.encode());
    }
    assertTrue(top.getDouble("freeOnArrival") > 0.9, top.encode());
    JsonObject central = picks.stream().map(JsonObject.class::cast).filter(p -> p.getString("gymId").equals("hk-central-caine"))
        .findFirst().orElseThrow();
    assertTrue(central.getDouble("freeOnArrival") < 0.5, central.encode());
  }

  /** Verifies that without history the reply says the ranking is by free machines now, and no chance is given. */
  @Test
  void withoutHistoryTheReplySaysSo() throws Exception {
    Devices.reportCategory(gateway.mqttPort(), "hk-causeway-hennessy", Category.LEGS, 3);

    JsonObject answer = chat(new JsonObject().put("message", "leg day near me?").put("location", SHEUNG_WAN));

    assertTrue(answer.getString("reply").endsWith("(No history yet to forecast arrivals, so this is by free machines now.)"),
        answer.getString("reply"));
    JsonObject top = answer.getJsonArray("recommendations").getJsonObject(0);
    assertEquals("hk-causeway-hennessy", top.getString("gymId"));
    assertTrue(top.containsKey("freeOnArrival") && top.getValue("freeOnArrival") == null, top.encode());
    assertTrue(Instant.parse(top.getString("arrivalAt")).isAfter(Instant.now()), top.encode());
  }
}
