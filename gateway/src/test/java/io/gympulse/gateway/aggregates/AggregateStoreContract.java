package io.gympulse.gateway.aggregates;

import static io.gympulse.gateway.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link AggregateStore} must have; a subclass supplies the store. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class AggregateStoreContract {

  static final long T0 = 1_764_150_300L;

  AggregateStore store;

  abstract AggregateStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }


  static OccupancyBin bin(String gymId, Category category, long start, double occupied) {
    return new OccupancyBin(gymId, category, start, occupied, 2700.5, 1800.25, 900, 1, 3, 4);
  }

  /** Verifies that bins round-trip and a range is [from, to), oldest first, per branch category. */
  @Test
  void rangeReturnsBinsOfOneSeriesInOrder() {
    for (int i = 3; i >= 0; i--) {
      await(store.put(bin("g", Category.LEGS, T0 + i * 900L, 100 + i)));
    }
    await(store.put(bin("g", Category.CARDIO, T0, 7)));
    await(store.put(bin("other", Category.LEGS, T0, 9)));

    assertEquals(List.of(bin("g", Category.LEGS, T0 + 900, 101), bin("g", Category.LEGS, T0 + 1800, 102)),
        await(store.range("g", Category.LEGS, T0 + 900, T0 + 2700)));
    assertEquals(List.of(), await(store.range("g", Category.LEGS, T0 + 5000, T0 + 4000)));
  }

  /** Verifies that writing a bin again (a rebuild, a retry) leaves one bin with the latest value. */
  @Test
  void rewritingABinIsIdempotent() {
    await(store.put(bin("g", Category.LEGS, T0, 100)));
    await(store.put(bin("g", Category.LEGS, T0, 100)));
    assertEquals(List.of(bin("g", Category.LEGS, T0, 100)), await(store.range("g", Category.LEGS, T0, T0 + 900)));
  }

  /** Verifies that a conditional write stores the first bin and leaves it there: the second writer is told so. */
  @Test
  void putIfAbsentKeepsTheFirstBin() {
    assertTrue(await(store.putIfAbsent(bin("g", Category.LEGS, T0, 100))));
    assertFalse(await(store.putIfAbsent(bin("g", Category.LEGS, T0, 250))));
    assertTrue(await(store.putIfAbsent(bin("g", Category.LEGS, T0 + 900, 250))));

    assertEquals(List.of(bin("g", Category.LEGS, T0, 100), bin("g", Category.LEGS, T0 + 900, 250)),
        await(store.range("g", Category.LEGS, T0, T0 + 1800)));
  }
}
