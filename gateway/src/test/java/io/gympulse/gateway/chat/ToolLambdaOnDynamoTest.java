package io.gympulse.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.Stores;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.tools.Availability;
import io.gympulse.tools.lambda.BranchSites;
import io.gympulse.tools.lambda.CurrentStateTable;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The availability tool Lambda's source reads what the gateway wrote to {@code current-state}, through the real SDK on dynalite. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToolLambdaOnDynamoTest {

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
        assertEquals(new Availability(2, legs.size()), table.of("hk-central-caine", "legs"));
        assertEquals(new Availability(0, TestGateway.CATALOG.machines("hk-central-caine", Category.CARDIO).size()),
            table.of("hk-central-caine", "cardio"));
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
