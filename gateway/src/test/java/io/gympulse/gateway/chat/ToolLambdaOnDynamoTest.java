package io.gympulse.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.tools.Availability;
import io.gympulse.tools.PastSlot;
import io.gympulse.tools.Slot;
import io.gympulse.tools.lambda.AggregatesTable;
import io.gympulse.tools.lambda.AvailabilityToolHandler;
import io.gympulse.tools.lambda.BranchSites;
import io.gympulse.tools.lambda.CurrentStateTable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The availability tool Lambda (its source and its handler) reads what the gateway wrote to {@code current-state}, through the real SDK on dynalite. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToolLambdaOnDynamoTest {

  /** An agent event from the Lambdas' fixtures (one copy, in lambdas-tools; tests run in the module directory). */
  private static Map<String, Object> fixture(String name) throws Exception {
    return new JsonObject(Files.readString(Path.of("../lambdas-tools/src/test/resources/events", name))).getMap();
  }

  /** Verifies free counts per branch and category from the table, totals from the catalog. */
  @Test
  void countsFreeMachinesFromTheCurrentStateTable() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DynamoFixture dynamo = DynamoFixture.start()) {
      DynamoTables tables = dynamo.newTables();
      Stores stores = dynamo.stores(vertx, tables);
      // GIVEN the gateway recorded 3 leg machines at Central, 2 free and 1 occupied
      var legs = TestGateway.CATALOG.machines("hk-central-caine", Category.LEGS);
      for (int i = 0; i < 3; i++) {
        MachineStatus status = i < 2 ? MachineStatus.FREE : MachineStatus.OCCUPIED;
        MachineState state = new MachineState(legs.get(i).machineId(), "hk-central-caine", Category.LEGS, status,
            1_764_150_000 + i, 1_764_150_000 + i, i, 0);
        stores.machines().recordTransition(new MachineEvent(state.machineId(), (1_764_150_000L + i) * 1000, "hk-central-caine",
            Category.LEGS, status, MachineStatus.OFFLINE, i, ChangeCause.DEVICE), state).await(10, TimeUnit.SECONDS);
      }

      // WHEN the Lambda's source reads the table with its own sync client
      try (DynamoDbClient client = CurrentStateTable.client(Optional.of(dynamo.dynalite().endpoint()), "eu-west-1")) {
        CurrentStateTable table = CurrentStateTable.read(client, tables.name(DynamoTables.CURRENT_STATE), BranchSites.machineTotals());

        // THEN it counts the free ones, with the catalog's total
        assertEquals(new Availability(2, 1, legs.size()), table.of("hk-central-caine", "legs"));
        assertEquals(new Availability(0, 0, TestGateway.CATALOG.machines("hk-central-caine", Category.CARDIO).size()),
            table.of("hk-central-caine", "cardio"));

        // AND the handler answers the agent's real-shaped event from that table
        AvailabilityToolHandler handler = new AvailabilityToolHandler(BranchSites.bundled(),
            () -> CurrentStateTable.read(client, tables.name(DynamoTables.CURRENT_STATE), BranchSites.machineTotals()),
            new AggregatesTable(client, tables.name(DynamoTables.AGGREGATES)), Clock.systemUTC());
        JsonObject response = JsonObject.mapFrom(handler.handleRequest(fixture("availability-legs-near-admiralty.json"), null));
        JsonObject answer = new JsonObject(response.getJsonObject("response").getJsonObject("functionResponse")
            .getJsonObject("responseBody").getJsonObject("TEXT").getString("body"));
        JsonObject central = answer.getJsonArray("branches").stream().map(JsonObject.class::cast)
            .filter(branch -> branch.getString("gymId").equals("hk-central-caine")).findFirst().orElseThrow();
        assertEquals(2, central.getInteger("free"), answer.encodePrettily());
        assertEquals(legs.size(), central.getInteger("total"));
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Verifies that the Lambda reads the bins the gateway wrote to {@code aggregates} (PK {@code gymId#category}, SK
   * {@code binStart}) for the same slot in past weeks, and that its answer then carries the chance of a free machine
   * on arrival: known for the branch with history, ranked by it.
   */
  @Test
  void readsPastBinsFromTheAggregatesTable() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DynamoFixture dynamo = DynamoFixture.start()) {
      DynamoTables tables = dynamo.newTables();
      Stores stores = dynamo.stores(vertx, tables);
      // GIVEN the gateway stored Central's leg bins at this slot and the next ones, three and five weeks back
      long now = Instant.now().getEpochSecond();
      Slot slot = Slot.at("hk-central-caine", "legs", now);
      for (int week : new int[] {3, 5}) {
        for (int next = -1; next <= 16; next++) {
          long start = slot.start() + next * Slot.LENGTH_SECONDS - week * 7 * 24 * 3600L;
          stores.aggregates().put(new OccupancyBin("hk-central-caine", Category.LEGS, start, 900 * 4, 900 * 10,
              900 * 6, 900, 5, 7, 3)).await(10, TimeUnit.SECONDS);
        }
      }

      try (DynamoDbClient client = CurrentStateTable.client(Optional.of(dynamo.dynalite().endpoint()), "eu-west-1")) {
        // WHEN the Lambda's reader asks for that slot, and for one with no history
        AggregatesTable aggregates = new AggregatesTable(client, tables.name(DynamoTables.AGGREGATES));
        Slot elsewhere = Slot.at("hk-causeway-hennessy", "legs", now);
        Map<Slot, List<PastSlot>> past = aggregates.sameSlotInPastWeeks(Set.of(slot, elsewhere));

        // THEN it finds the two weeks stored, as occupancy and any-free share
        assertEquals(List.of(new PastSlot(0.4, 1), new PastSlot(0.4, 1)), past.get(slot));
        assertEquals(null, past.get(elsewhere));

        // AND the handler's answer gives Central a chance on arrival; branches without history have none
        AvailabilityToolHandler handler = new AvailabilityToolHandler(BranchSites.bundled(),
            () -> (gymId, category) -> new Availability(gymId.equals("hk-central-caine") ? 4 : 0, 6, 10), aggregates,
            Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
        JsonObject response = JsonObject.mapFrom(handler.handleRequest(fixture("availability-legs-near-admiralty.json"), null));
        JsonObject answer = new JsonObject(response.getJsonObject("response").getJsonObject("functionResponse")
            .getJsonObject("responseBody").getJsonObject("TEXT").getString("body"));
        JsonObject central = answer.getJsonArray("branches").stream().map(JsonObject.class::cast)
            .filter(branch -> branch.getString("gymId").equals("hk-central-caine")).findFirst().orElseThrow();
        assertTrue(central.getDouble("freeOnArrival") > 0.5, answer.encodePrettily());
        assertEquals("free_now", answer.getString("rankedBy"), "the other branches have no history yet");
        assertTrue(answer.getJsonArray("withoutHistory").contains("GymPulse Causeway Bay (Hennessy Road)"), answer.encode());
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
