package io.gympulse.tools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders candidate branches the way a member would: the one most likely to have a free machine when they arrive
 * first; among equals, the one reached sooner, then the one with more free now. When a candidate has too little
 * history for a forecast, all are ordered as before forecasts existed: a branch with a free machine now, reached
 * soonest, first, then more free.
 */
public final class Ranking {

  /** The top pick plus two alternatives: what the assistant offers. */
  public static final int ALTERNATIVES = 2;

  /**
   * Chances are compared to the thousandth (as shown): closer ones are ties, so a member is not sent a long way for
   * a 99.99 % over a 99.98 %.
   */
  private static final double PRECISION = 1000;
  private static final Comparator<Recommendation> FREE_NOW = Comparator.comparing((Recommendation r) -> r.free() == 0)
      .thenComparingDouble(Recommendation::etaMinutes)
      .thenComparing(Comparator.comparingInt(Recommendation::free).reversed());
  private static final Comparator<Recommendation> ON_ARRIVAL = Comparator
      .comparingLong((Recommendation r) -> -Math.round(r.onArrival().probability() * PRECISION))
      .thenComparingDouble(Recommendation::etaMinutes)
      .thenComparing(Comparator.comparingInt(Recommendation::free).reversed());

  private Ranking() {
  }

  /**
   * Every candidate with a route, best first.
   *
   * @param withoutHistory names of candidates that had no forecast; when not empty, {@code picks} are in the
   *     free-now order
   */
  public record Ranked(List<Recommendation> picks, List<String> withoutHistory) {

    public boolean byArrival() {
      return withoutHistory.isEmpty();
    }
  }

  /** Ranks with the forecast of each candidate ({@code forecasts} by gymId). */
  public static Ranked rank(List<BranchAvailability> candidates, List<Route> routes, Instant now,
      Function<String, FreeOnArrival> forecasts) {
    Map<String, Route> byGym = routes.stream().collect(Collectors.toMap(Route::gymId, Function.identity(), (a, b) -> a));
    List<Recommendation> all = candidates.stream()
        .filter(candidate -> byGym.containsKey(candidate.gymId()))
        .map(candidate -> {
          Route route = byGym.get(candidate.gymId());
          return new Recommendation(candidate.gymId(), candidate.name(), candidate.free(), candidate.total(),
              route.distanceKm(), route.minutes(), route.estimated(), forecasts.apply(candidate.gymId()),
              now.plusSeconds(Math.round(route.minutes() * 60)));
        }).toList();
    List<String> withoutHistory = all.stream().filter(r -> !r.onArrival().known()).map(Recommendation::name).toList();
    return new Ranked(all.stream().sorted(withoutHistory.isEmpty() ? ON_ARRIVAL : FREE_NOW).toList(), withoutHistory);
  }

  /** Ranks with forecasts made from past bins ({@link SlotHistory}) and the live counts, at now + each travel time. */
  public static Ranked rank(List<BranchAvailability> candidates, List<Route> routes, Instant now, String category,
      AvailabilitySource live, Map<Slot, List<PastSlot>> history) {
    Map<String, Route> byGym = routes.stream().collect(Collectors.toMap(Route::gymId, Function.identity(), (a, b) -> a));
    return rank(candidates, routes, now, gymId -> {
      Route route = byGym.get(gymId);
      Availability counts = live.of(gymId, category);
      return ArrivalForecast.of(around(history, arrivalSlot(route, category, now)),
          around(history, Slot.at(gymId, category, now.getEpochSecond())),
          counts.free(), counts.occupied(), category, route.minutes());
    });
  }

  /** Slots either side of the one wanted whose past bins also count: the seasonal level changes little in 15 minutes. */
  static final int SPAN = 1;

  private static List<PastSlot> around(Map<Slot, List<PastSlot>> history, Slot slot) {
    List<PastSlot> all = new ArrayList<>();
    for (Slot near : neighbourhood(slot)) {
      all.addAll(history.getOrDefault(near, List.of()));
    }
    return all;
  }

  /** {@code slot} and the {@link #SPAN} slots either side of it. */
  private static List<Slot> neighbourhood(Slot slot) {
    List<Slot> slots = new ArrayList<>();
    for (int d = -SPAN; d <= SPAN; d++) {
      slots.add(new Slot(slot.gymId(), slot.category(), slot.start() + d * Slot.LENGTH_SECONDS));
    }
    return slots;
  }

  /** The slots whose past bins {@link #rank(List, List, Instant, String, AvailabilitySource, Map)} reads. */
  public static Set<Slot> slotsToRead(List<Route> routes, String category, Instant now) {
    Set<Slot> slots = new HashSet<>();
    for (Route route : routes) {
      slots.addAll(neighbourhood(Slot.at(route.gymId(), category, now.getEpochSecond())));
      slots.addAll(neighbourhood(arrivalSlot(route, category, now)));
    }
    return slots;
  }

  private static Slot arrivalSlot(Route route, String category, Instant now) {
    return Slot.at(route.gymId(), category, now.getEpochSecond() + route.minutes() * 60);
  }
}
