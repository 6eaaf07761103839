package io.gympulse.gateway.aggregates;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.tools.SlotHistory;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
}
