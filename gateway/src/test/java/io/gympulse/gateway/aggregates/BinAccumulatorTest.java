package io.gympulse.gateway.aggregates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.Counts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bin maths on sequences worked out by hand (three machines, times in seconds from a bin boundary). */
class BinAccumulatorTest {

  private static final long T0 = 1_764_150_300L; // a multiple of 900

  /** Verifies time-weighted occupancy, free counts and samples, with offline time left out of the denominator. */
  @Test
  void binsAreTimeWeightedAndExcludeOfflineTime() {
    // 3 machines: 2 free + 1 offline at T0
    BinAccumulator bins = new BinAccumulator("g", Category.LEGS, new Counts(2, 0, 1), T0);
    List<OccupancyBin> closed = new ArrayList<>();
    closed.addAll(bins.changed(new Counts(1, 1, 1), T0 + 300)); // one starts a set
    closed.addAll(bins.changed(new Counts(1, 0, 2), T0 + 600)); // the busy one drops offline
    closed.addAll(bins.changed(new Counts(0, 1, 2), T0 + 1200)); // next bin: the free one is taken
    closed.addAll(bins.advanceTo(T0 + 1800));

    assertEquals(2, closed.size());
    // bin 1: occupied 1×300 = 300; available 2×300 + 2×300 + 1×300 = 1500; free 600 + 300 + 300 = 1200
    OccupancyBin first = closed.get(0);
    assertEquals(T0, first.binStart());
    assertEquals(300, first.occupiedSeconds(), 1e-9);
    assertEquals(1500, first.availableSeconds(), 1e-9);
    assertEquals(0.2, first.occupancy().getAsDouble(), 1e-9);
    assertEquals(1200.0 / 900, first.avgFree(), 1e-9);
    assertEquals(1.0, first.anyFreeShare(), 1e-9);
    assertEquals(1, first.minFree());
    assertEquals(2, first.maxFree());
    assertEquals(3, first.samples(), "the opening state and two transitions");
    // bin 2: free 1 for 300 s, then occupied 1 for 600 s: occupied 600 / available 900
    OccupancyBin second = closed.get(1);
    assertEquals(T0 + 900, second.binStart());
    assertEquals(600.0 / 900, second.occupancy().getAsDouble(), 1e-9);
    assertEquals(300.0 / 900, second.avgFree(), 1e-9);
    assertEquals(300.0 / 900, second.anyFreeShare(), 1e-9);
    assertEquals(0, second.minFree());
    assertEquals(1, second.maxFree());
    assertEquals(2, second.samples());
  }

  /** Verifies that a long quiet span closes every bin it crosses, with the unchanged counts. */
  @Test
  void quietSpanClosesEveryBinCrossed() {
    BinAccumulator bins = new BinAccumulator("g", Category.CARDIO, new Counts(1, 3, 0), T0 + 450);
    List<OccupancyBin> closed = bins.advanceTo(T0 + 3 * 900 + 10);

    assertEquals(3, closed.size());
    assertEquals(450 * 3, closed.get(0).occupiedSeconds(), 1e-9, "the first bin started mid-way");
    assertEquals(0.75, closed.get(1).occupancy().getAsDouble(), 1e-9);
    assertEquals(1, closed.get(2).samples());
    assertEquals(10 * 3, bins.current().occupiedSeconds(), 1e-9, "the open bin holds the last 10 s");
  }

  /** Verifies that a bin with every machine offline has no occupancy rather than a made-up one. */
  @Test
  void allOfflineBinHasNoOccupancy() {
    BinAccumulator bins = new BinAccumulator("g", Category.CORE, new Counts(0, 0, 4), T0);
    OccupancyBin bin = bins.advanceTo(T0 + 900).get(0);
    assertTrue(bin.occupancy().isEmpty());
    assertEquals(0, bin.avgFree(), 1e-9);
  }

  /** Verifies that a timestamp behind the last one never moves bins backwards. */
  @Test
  void lateTimestampIsTakenAsNow() {
    BinAccumulator bins = new BinAccumulator("g", Category.ARMS, new Counts(1, 0, 0), T0);
    bins.changed(new Counts(0, 1, 0), T0 + 600);
    bins.changed(new Counts(1, 0, 0), T0 + 500); // a device clock 100 s behind
    OccupancyBin bin = bins.advanceTo(T0 + 900).get(0);
    assertEquals(0, bin.occupiedSeconds(), 1e-9, "the late change applies at T0+600: zero occupied time");
    assertEquals(900, bin.freeSeconds(), 1e-9);
  }

  /** Verifies that the same input gives the same bins: rewriting a bin is idempotent. */
  @Test
  void sameTransitionsGiveSameBins() {
    List<OccupancyBin> first = replay();
    assertEquals(first, replay());
  }

  private static List<OccupancyBin> replay() {
    BinAccumulator bins = new BinAccumulator("g", Category.BACK, new Counts(2, 1, 0), T0);
    List<OccupancyBin> closed = new ArrayList<>(bins.changed(new Counts(1, 2, 0), T0 + 123.5));
    closed.addAll(bins.changed(new Counts(3, 0, 0), T0 + 1000.25));
    closed.addAll(bins.advanceTo(T0 + 2700));
    return closed;
  }
}
