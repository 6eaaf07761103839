package io.gympulse.gateway.store;

import static io.gympulse.gateway.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.fanout.ConnectionRecord;
import io.gympulse.gateway.fanout.ConnectionStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link ConnectionStore} must have; a subclass supplies the store. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class ConnectionStoreContract {

  ConnectionStore store;

  abstract ConnectionStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  static ConnectionRecord row(String id, String instance, String user, Set<String> topics) {
    return new ConnectionRecord(id, instance, Optional.ofNullable(user), topics, 1_764_150_000_000L, 1_764_153_600L);
  }


  private static List<ConnectionRecord> sorted(List<ConnectionRecord> rows) {
    return rows.stream().sorted(Comparator.comparing(ConnectionRecord::connectionId)).toList();
  }

  /** Verifies that a row round-trips with every field, topics and user included or absent. */
  @Test
  void rowRoundTripsByInstance() {
    ConnectionRecord withEverything = row("c1", "gw-a", "user-1", Set.of("branches", "machines/m1"));
    ConnectionRecord anonymous = row("c2", "gw-a", null, Set.of());
    await(store.put(withEverything));
    await(store.put(anonymous));
    await(store.put(row("c3", "gw-b", null, Set.of())));

    assertEquals(List.of(withEverything, anonymous), sorted(await(store.byInstance("gw-a"))));
  }

  /** Verifies that a put replaces the row and a delete removes it. */
  @Test
  void putReplacesAndDeleteRemoves() {
    await(store.put(row("c1", "gw-a", null, Set.of())));
    ConnectionRecord updated = row("c1", "gw-a", null, Set.of("branches"));
    await(store.put(updated));
    assertEquals(List.of(updated), await(store.byInstance("gw-a")));

    await(store.delete("c1"));
    await(store.delete("c1")); // deleting twice is harmless
    assertEquals(List.of(), await(store.byInstance("gw-a")));
  }

  /** Verifies that a user's connections are found across instances. */
  @Test
  void connectionsOfAUserAcrossInstances() {
    ConnectionRecord phone = row("c1", "gw-a", "user-1", Set.of());
    ConnectionRecord browser = row("c2", "gw-b", "user-1", Set.of());
    await(store.put(phone));
    await(store.put(browser));
    await(store.put(row("c3", "gw-b", "user-2", Set.of())));

    assertEquals(List.of(phone, browser), sorted(await(store.byUser("user-1"))));
    assertEquals(List.of(), await(store.byUser("nobody")));
  }
}
