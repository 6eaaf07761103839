package io.gympulse.gateway.alerts;

import static io.gympulse.gateway.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Category;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link AlertStore} must have; a subclass supplies the store. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class AlertStoreContract {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");

  AlertStore store;

  abstract AlertStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }


  static Alert machineAlert(String alertId, String userId) {
    return new Alert(alertId, userId, AlertTarget.machine("legpress-centralc-01", "hk-central-caine", Category.LEGS),
        Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))), T0, T0.plus(Duration.ofHours(2)), true,
        Duration.ofMinutes(15), Optional.empty());
  }

  static Alert categoryAlert(String alertId, String userId) {
    return new Alert(alertId, userId, AlertTarget.category("hk-central-caine", Category.CARDIO), Optional.empty(), T0,
        T0.plus(Duration.ofMinutes(30)), false, Duration.ofMinutes(5), Optional.of(T0.plusSeconds(60)));
  }

  private static List<Alert> sorted(List<Alert> alerts) {
    return alerts.stream().sorted(Comparator.comparing(Alert::alertId)).toList();
  }

  /** Verifies that both kinds of alert round-trip with every field. */
  @Test
  void alertsRoundTrip() {
    Alert machine = machineAlert("a-1", "alice");
    Alert category = categoryAlert("a-2", "alice");
    await(store.put(machine));
    await(store.put(category));

    assertEquals(Optional.of(machine), await(store.get("alice", "a-1")));
    assertEquals(Optional.of(category), await(store.get("alice", "a-2")));
    assertEquals(List.of(machine, category), sorted(await(store.byUser("alice"))));
  }

  /** Verifies that a user's alerts are theirs only: another user's id finds nothing. */
  @Test
  void alertsAreKeyedByUser() {
    await(store.put(machineAlert("a-1", "alice")));
    await(store.put(machineAlert("b-1", "bob")));

    assertEquals(Optional.empty(), await(store.get("bob", "a-1")));
    assertEquals(List.of("b-1"), await(store.byUser("bob")).stream().map(Alert::alertId).toList());
    assertEquals(List.of("a-1", "b-1"), sorted(await(store.loadAll())).stream().map(Alert::alertId).toList());
  }

  /** Verifies that a put replaces (e.g. marking fired) and a delete removes. */
  @Test
  void putReplacesAndDeleteRemoves() {
    Alert alert = machineAlert("a-1", "alice");
    await(store.put(alert));
    Alert fired = alert.firedAt(T0.plusSeconds(30));
    await(store.put(fired));
    assertEquals(Optional.of(fired), await(store.get("alice", "a-1")));

    await(store.delete("alice", "a-1"));
    assertEquals(Optional.empty(), await(store.get("alice", "a-1")));
    assertEquals(List.of(), await(store.byUser("alice")));
  }

  /** Verifies that of two claims on the same version of an alert exactly one wins, and the winner's time is kept. */
  @Test
  void onlyOneClaimOfTheSameVersionWins() {
    Alert pending = machineAlert("a-1", "alice");
    await(store.put(pending));

    boolean first = await(store.claimFiring(pending, T0.plusSeconds(10)));
    boolean second = await(store.claimFiring(pending, T0.plusSeconds(11)));

    assertEquals(List.of(true, false), List.of(first, second));
    assertEquals(Optional.of(T0.plusSeconds(10)), await(store.get("alice", "a-1")).orElseThrow().firedAt());
  }

  /** Verifies that a repeating alert is claimed again from the version that says when it last fired. */
  @Test
  void aFiredAlertIsClaimedFromItsLastFiring() {
    Alert fired = categoryAlert("a-2", "alice");
    await(store.put(fired));

    boolean fromStale = await(store.claimFiring(fired.firedAt(T0), T0.plusSeconds(600)));
    boolean fromCurrent = await(store.claimFiring(fired, T0.plusSeconds(600)));

    assertEquals(List.of(false, true), List.of(fromStale, fromCurrent));
    Alert stored = await(store.get("alice", "a-2")).orElseThrow();
    assertEquals(fired.firedAt(T0.plusSeconds(600)), stored, "only firedAt changes");
  }

  /** Verifies that a deleted alert cannot be claimed, so it never fires after its owner removed it. */
  @Test
  void aDeletedAlertCannotBeClaimed() {
    Alert pending = machineAlert("a-1", "alice");
    await(store.put(pending));
    await(store.delete("alice", "a-1"));

    assertEquals(false, await(store.claimFiring(pending, T0.plusSeconds(10))));
    assertEquals(Optional.empty(), await(store.get("alice", "a-1")));
  }
}
