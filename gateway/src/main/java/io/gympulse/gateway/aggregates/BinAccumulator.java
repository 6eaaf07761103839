package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.Counts;
import java.util.ArrayList;
import java.util.List;

/**
 * Integrates one branch category's counts over time into 15-minute bins, incrementally: each
 * transition or tick costs O(bins crossed), never a scan of machines. Pure and single-threaded, so the
 * bin maths can be checked by hand; {@link AggregatesRecorder} feeds it live, the rebuild and the
 * simulator's backfill feed it from events.
 */
public final class BinAccumulator {

  private final String gymId;
  private final Category category;
  private Counts counts;
  private double lastTime;
  private long binStart;
  private double occupied;
  private double available;
  private double free;
  private double anyFree;
  private int minFree;
  private int maxFree;
  private int samples;

  /** Starts integrating at {@code startSeconds} with the counts as they are then. */
  public BinAccumulator(String gymId, Category category, Counts initial, double startSeconds) {
    this.gymId = gymId;
    this.category = category;
    this.counts = initial;
    this.lastTime = startSeconds;
    openBin(OccupancyBin.startOf(startSeconds));
  }

  /**
   * The counts changed at {@code atSeconds}; returns the bins closed on the way. A time before the last
   * one (a device clock behind another's) is taken as "now": bins never go back.
   */
  public List<OccupancyBin> changed(Counts newCounts, double atSeconds) {
    List<OccupancyBin> closed = advanceTo(atSeconds);
    counts = newCounts;
    samples++;
    minFree = Math.min(minFree, newCounts.free());
    maxFree = Math.max(maxFree, newCounts.free());
    return closed;
  }

  /** Time passed without a change; returns the bins that ended by {@code nowSeconds}. */
  public List<OccupancyBin> advanceTo(double nowSeconds) {
    List<OccupancyBin> closed = new ArrayList<>();
    double now = Math.max(nowSeconds, lastTime);
    while (now >= binStart + OccupancyBin.LENGTH_SECONDS) {
      long binEnd = binStart + OccupancyBin.LENGTH_SECONDS;
      integrate(binEnd - lastTime);
      lastTime = binEnd;
      closed.add(snapshot());
      openBin(binEnd);
    }
    integrate(now - lastTime);
    lastTime = now;
    return closed;
  }

  /** The bin being filled, as it stands (partial). */
  public OccupancyBin current() {
    return snapshot();
  }

  public Counts counts() {
    return counts;
  }

  private void integrate(double seconds) {
    if (seconds <= 0) {
      return;
    }
    occupied += counts.occupied() * seconds;
    available += (counts.occupied() + counts.free()) * seconds;
    free += counts.free() * seconds;
    if (counts.free() > 0) {
      anyFree += seconds;
    }
  }

  private void openBin(long start) {
    binStart = start;
    occupied = 0;
    available = 0;
    free = 0;
    anyFree = 0;
    minFree = counts.free();
    maxFree = counts.free();
    samples = 1;
  }

  private OccupancyBin snapshot() {
    return new OccupancyBin(gymId, category, binStart, occupied, available, free, anyFree, minFree, maxFree, samples);
  }
}
