package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.tools.PastSlot;
import io.gympulse.tools.Slot;
import io.gympulse.tools.SlotHistory;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the past bins the forecasts need: the same 15-minute slot in each of the recent weeks. */
public final class History {

  /** Weeks of the same weekday a seasonal figure looks back over (the tool Lambda's reads use the same). */
  public static final int WEEKS = SlotHistory.WEEKS;
  public static final long WEEK_SECONDS = Duration.ofDays(7).toSeconds();

  private final AggregateStore store;

  public History(AggregateStore store) {
    this.store = store;
  }

  /** The bins of {@code slot}'s 15 minutes one, two, ... {@link #WEEKS} weeks before. */
  public Future<List<OccupancyBin>> sameSlot(String gymId, Category category, long slot) {
    return sameSpan(gymId, category, slot, slot + OccupancyBin.LENGTH_SECONDS);
  }

  /**
   * The bins of {@code fromSeconds <= binStart < toSeconds} one, two, ... {@link #WEEKS} weeks before, oldest first:
   * one query a week, however many slots the span holds.
   */
  public Future<List<OccupancyBin>> sameSpan(String gymId, Category category, long fromSeconds, long toSeconds) {
    List<Future<List<OccupancyBin>>> weeks = new ArrayList<>();
    for (int week = 1; week <= WEEKS; week++) {
      long back = week * WEEK_SECONDS;
      weeks.add(store.range(gymId, category, fromSeconds - back, toSeconds - back));
    }
    return Future.all(weeks).map(all -> all.<List<OccupancyBin>>list().stream().flatMap(List::stream)
        .sorted(Comparator.comparingLong(OccupancyBin::binStart)).toList());
  }

  /** The bins of one whole local day ({@code dayStart} to +24 h) in each of the recent weeks. */
  public Future<List<OccupancyBin>> sameDay(String gymId, Category category, long dayStart) {
    List<Future<List<OccupancyBin>>> weeks = new ArrayList<>();
    for (int week = 1; week <= WEEKS; week++) {
      long start = dayStart - week * WEEK_SECONDS;
      weeks.add(store.range(gymId, category, start, start + Duration.ofDays(1).toSeconds()));
    }
    return Future.all(weeks).map(all -> all.<List<OccupancyBin>>list().stream().flatMap(List::stream).toList());
  }

  /**
   * The past bins of each slot, as the arrival forecast reads them: per branch category, one query a week spans all
   * its slots (now and arrival, with their neighbours), so a search costs six queries per candidate, not six per slot.
   */
  public Future<Map<Slot, List<PastSlot>>> pastSlots(Set<Slot> slots) {
    Map<String, List<Slot>> byBranchCategory = slots.stream()
        .collect(Collectors.groupingBy(slot -> slot.gymId() + "#" + slot.category()));
    List<Future<Map<Slot, List<PastSlot>>>> reads = byBranchCategory.values().stream().map(this::pastSlotsOfOne).toList();
    return Future.all(reads).map(done -> {
      Map<Slot, List<PastSlot>> found = new HashMap<>();
      done.<Map<Slot, List<PastSlot>>>list().forEach(found::putAll);
      return found;
    });
  }

  private Future<Map<Slot, List<PastSlot>>> pastSlotsOfOne(List<Slot> slots) {
    long from = slots.stream().mapToLong(Slot::start).min().orElseThrow();
    long to = slots.stream().mapToLong(Slot::start).max().orElseThrow() + OccupancyBin.LENGTH_SECONDS;
    Slot any = slots.get(0);
    return sameSpan(any.gymId(), Category.parse(any.category()).orElseThrow(), from, to).map(bins -> {
      Map<Slot, List<PastSlot>> found = new HashMap<>();
      for (Slot slot : slots) {
        found.put(slot, bins.stream()
            .filter(bin -> (slot.start() - bin.binStart()) % WEEK_SECONDS == 0)
            .flatMap(bin -> PastSlot.of(bin.occupiedSeconds(), bin.availableSeconds(), bin.anyFreeSeconds()).stream())
            .toList());
      }
      return found;
    });
  }
}
