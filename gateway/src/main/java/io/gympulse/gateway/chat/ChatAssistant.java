package io.gympulse.gateway.chat;

import io.gympulse.gateway.aggregates.History;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.aggregates.PeakHours;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.tools.Availability;
import io.gympulse.tools.AvailabilitySearch;
import io.gympulse.tools.AvailabilitySource;
import io.gympulse.tools.BranchAvailability;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.Position;
import io.gympulse.tools.Ranking;
import io.gympulse.tools.Recommendation;
import io.gympulse.tools.Route;
import io.gympulse.tools.RouteSource;
import io.gympulse.tools.TravelMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The local, rule-based assistant ({@code CHAT=local}): it recognises how members ask (categories and
 * equipment, branches and districts, "near me", "is it busy", "when is it quiet"), answers from the live
 * state through the same tool logic the Bedrock agent's Lambdas use, and keeps context per session for
 * follow-ups. It says plainly when it needs something (a location or a branch) or did not understand.
 */
public final class ChatAssistant implements Assistant {

  static final double RADIUS_KM = AvailabilitySearch.DEFAULT_RADIUS_KM;
  static final double WIDER_RADIUS_KM = 15;
  private static final long SESSION_IDLE_MILLIS = 30 * 60_000;
  private static final int MAX_SESSIONS = 10_000;
  private static final String CATEGORIES = "legs, chest, back, arms, cardio or core";
  /** From this chance of a free machine on arrival, a reply calls it likely. */
  private static final double LIKELY = 0.7;
  /** Below this chance, a branch with a machine free now "will probably fill up" before the member gets there. */
  private static final double FILLS_UP = 0.5;

  /** What the conversation knows so far. */
  private record Turn(Understanding understanding, Optional<Position> location, long at) {
  }

  private final Catalog catalog;
  private final LiveState state;
  private final PhraseBook phrases;
  private final AvailabilitySource live;
  private final AvailabilitySearch search;
  private final RouteSource routes;
  private final History history;
  private final Clock clock;
  private final List<BranchSite> sites;
  private final Map<String, Turn> sessions = new ConcurrentHashMap<>();

  public ChatAssistant(LiveState state, RouteSource routes, History history, Clock clock) {
    this.catalog = state.catalog();
    this.state = state;
    this.phrases = new PhraseBook(catalog);
    this.sites = catalog.branches().stream()
        .map(b -> new BranchSite(b.id(), PhraseBook.district(b.name()), new Position(b.lat(), b.lon()))).toList();
    this.live = (gymId, category) -> {
      Counts counts = Category.parse(category).map(c -> state.counts(gymId, c)).orElse(Counts.ZERO);
      return new Availability(counts.free(), counts.occupied(), counts.total());
    };
    this.search = new AvailabilitySearch(sites, live);
    this.routes = routes;
    this.history = history;
    this.clock = clock;
  }

  /** Answers one message; {@code sessionId} carries the context of earlier messages. */
  @Override
  public Future<JsonObject> answer(String message, Optional<Position> location, Optional<String> sessionId) {
    String session = sessionId.orElseGet(() -> UUID.randomUUID().toString());
    long now = clock.millis();
    Optional<Turn> previous = Optional.ofNullable(sessions.get(session)).filter(turn -> now - turn.at() <= SESSION_IDLE_MILLIS);
    Understanding heard = phrases.understand(message);
    Understanding understood = previous.map(turn -> heard.after(turn.understanding())).orElse(heard);
    Optional<Position> where = location.or(() -> previous.flatMap(Turn::location));
    remember(session, new Turn(understood, where, now));
    Future<Answer> answer = switch (understood.intent()) {
      case QUIET_TIME -> whenQuiet(understood, where);
      case BUSY -> howBusy(understood, where);
      default -> find(understood, where);
    };
    return answer.map(a -> a.toJson(session));
  }

  /** A reply with what backs it. */
  private record Answer(String reply, List<Recommendation> recommendations, List<String> toolsUsed) {

    static Answer say(String reply) {
      return new Answer(reply, List.of(), List.of());
    }

    JsonObject toJson(String sessionId) {
      JsonArray picks = new JsonArray();
      recommendations.forEach(r -> picks.add(new JsonObject(r.fields())));
      return new JsonObject().put("reply", reply).put("recommendations", picks)
          .put("toolsUsed", new JsonArray(List.copyOf(toolsUsed))).put("sessionId", sessionId);
    }
  }

  private Future<Answer> find(Understanding understood, Optional<Position> where) {
    if (understood.category().isEmpty()) {
      // Say what was understood (a "near me" without a known kind of machine, e.g. "pool near me").
      String opening = understood.nearMe() ? "I understood you want something near you, but not which machines. "
          : "What are you training? ";
      return Future.succeededFuture(understood.branch().map(this::branchOverview).orElseGet(() -> Answer.say(
          opening + "I can find free machines for " + CATEGORIES + ", near you or at a branch. "
              + "(I'm a simple rule-based assistant.)")));
    }
    Category category = understood.category().get();
    Optional<Position> origin = understood.nearMe() || understood.branch().isEmpty() ? where
        : understood.branch().map(b -> new Position(b.lat(), b.lon()));
    if (origin.isEmpty()) {
      return Future.succeededFuture(Answer.say("I can find free " + noun(category) + " near you: share your location, "
          + "or name a branch (for example Central, Causeway Bay or Mong Kok)."));
    }
    List<BranchAvailability> nearby = search.near(origin.get(), RADIUS_KM, category.wireName());
    if (nearby.isEmpty()) {
      nearby = search.near(origin.get(), WIDER_RADIUS_KM, category.wireName());
    }
    if (nearby.isEmpty()) {
      return Future.succeededFuture(Answer.say("There is no GymPulse branch within " + (int) WIDER_RADIUS_KM + " km of you."));
    }
    List<String> ids = nearby.stream().map(BranchAvailability::gymId).toList();
    List<BranchSite> destinations = sites.stream().filter(s -> ids.contains(s.gymId())).toList();
    List<Route> times = routes.travelTimes(origin.get(), destinations, TravelMode.WALKING);
    Instant now = clock.instant();
    List<BranchAvailability> candidates = nearby;
    Optional<String> asked = understood.branch().filter(b -> !understood.nearMe()).map(Branch::id);
    return history.pastSlots(Ranking.slotsToRead(times, category.wireName(), now)).map(past -> {
      Ranking.Ranked ranked = Ranking.rank(candidates, times, now, category.wireName(), live, past);
      List<Recommendation> picks = top(ranked.picks(), asked);
      return new Answer(findReply(category, picks, ranked), picks, List.of("availability", "route_matrix"));
    });
  }

  /** The top pick and two alternatives; a named branch leads even if full, so the member hears about it. */
  private static List<Recommendation> top(List<Recommendation> ranked, Optional<String> asked) {
    List<Recommendation> picks = new ArrayList<>();
    asked.flatMap(id -> ranked.stream().filter(r -> r.gymId().equals(id)).findFirst()).ifPresent(picks::add);
    ranked.stream().filter(r -> !picks.contains(r)).limit(1 + Ranking.ALTERNATIVES - picks.size()).forEach(picks::add);
    return picks;
  }

  /**
   * Where to go and why. Ranked by arrival: free now, then the chance one is free on arrival in words; when the
   * nearest branch has one free now but will likely fill up first, says so after the better choice. Without history
   * it says the ranking is by free machines now.
   */
  private static String findReply(Category category, List<Recommendation> picks, Ranking.Ranked ranked) {
    Recommendation top = picks.get(0);
    StringBuilder reply = new StringBuilder();
    if (picks.stream().allMatch(r -> r.free() == 0) && !(ranked.byArrival() && top.onArrival().probability() >= LIKELY)) {
      reply.append("No ").append(noun(category)).append(" are free nearby right now; ");
      if (ranked.byArrival()) {
        reply.append("at ").append(top.name()).append(' ').append(onArrival(top)).append(". ");
      } else {
        reply.append(top.name()).append(" is the closest (").append(eta(top)).append("). ");
      }
      return reply.append("I can alert you the moment one frees up.").append(withoutHistory(ranked)).toString();
    }
    Recommendation pick = top;
    if (top.free() == 0 && !(ranked.byArrival() && top.onArrival().probability() >= LIKELY)) {
      // a named branch leads even when full; say so, then send the member where one is (or will be) free
      reply.append(top.name()).append(" has no free ").append(noun(category)).append(" right now. ");
      pick = picks.stream().skip(1).filter(r -> ranked.byArrival() || r.free() > 0).findFirst().orElse(top);
      reply.append("Try ").append(pick.name());
    } else {
      reply.append("Go to ").append(pick.name());
    }
    reply.append(": ").append(pick.free()).append(" of ").append(pick.total()).append(' ').append(noun(category))
        .append(" free now");
    if (ranked.byArrival()) {
      reply.append("; ").append(onArrival(pick)).append('.');
      Recommendation chosen = pick;
      ranked.picks().stream().min(Comparator.comparingDouble(Recommendation::etaMinutes))
          .filter(nearest -> nearest != chosen && nearest.free() > 0 && nearest.etaMinutes() < chosen.etaMinutes()
              && nearest.onArrival().probability() < FILLS_UP)
          .ifPresent(nearest -> reply.append(' ').append(nearest.name()).append(" is nearer (").append(eta(nearest))
              .append(", ").append(nearest.free()).append(" free now) but will probably fill up before you get there."));
    } else {
      reply.append(", ").append(eta(pick)).append('.');
    }
    String picked = pick.gymId();
    String others = picks.stream().filter(r -> !r.gymId().equals(picked) && (r.free() > 0 || ranked.byArrival()))
        .map(r -> r.name() + " (" + r.free() + " free now, " + eta(r)
            + (ranked.byArrival() ? ", " + Math.round(100 * r.onArrival().probability()) + "% on arrival" : "") + ")")
        .collect(Collectors.joining(", "));
    if (!others.isEmpty()) {
      reply.append(" Alternatives: ").append(others).append('.');
    }
    return reply.append(withoutHistory(ranked)).toString();
  }

  /** "very likely one is free when you arrive in about 25 min". */
  private static String onArrival(Recommendation r) {
    double p = r.onArrival().probability();
    String chance = p >= 0.9 ? "very likely one is free" : p >= LIKELY ? "likely one is free" : p >= 0.4 ? "maybe one is free"
        : p >= 0.15 ? "one is unlikely to be free" : "one is very unlikely to be free";
    return chance + " when you arrive in " + (r.estimated() ? "about " : "") + Math.max(1, Math.round(r.etaMinutes())) + " min";
  }

  private static String withoutHistory(Ranking.Ranked ranked) {
    if (ranked.byArrival()) {
      return "";
    }
    boolean none = ranked.withoutHistory().size() == ranked.picks().size();
    return " (No history " + (none ? "yet" : "yet for " + String.join(", ", ranked.withoutHistory()))
        + " to forecast arrivals, so this is by free machines now.)";
  }

  private static String eta(Recommendation r) {
    return (r.estimated() ? "about " : "") + Math.max(1, Math.round(r.etaMinutes())) + " min walk";
  }

  private Answer branchOverview(Branch branch) {
    String counts = List.of(Category.values()).stream()
        .map(c -> c.wireName() + " " + state.counts(branch.id(), c).free() + "/" + state.counts(branch.id(), c).total())
        .collect(Collectors.joining(", "));
    return new Answer(PhraseBook.district(branch.name()) + " right now, free of total: " + counts
        + ". What are you training?", List.of(), List.of("availability"));
  }

  private Optional<Branch> branchOrNearest(Understanding understood, Optional<Position> where) {
    return understood.branch().or(() -> where.flatMap(p -> catalog.branches().stream()
        .min(Comparator.comparingDouble(b -> p.distanceKm(new Position(b.lat(), b.lon()))))));
  }

  private Future<Answer> howBusy(Understanding understood, Optional<Position> where) {
    Optional<Branch> branch = branchOrNearest(understood, where);
    if (branch.isEmpty()) {
      return Future.succeededFuture(Answer.say("Which branch? Name one (for example Central or Sha Tin), or share your location."));
    }
    Counts counts = understood.category().map(c -> state.counts(branch.get().id(), c)).orElse(state.branchCounts(branch.get().id()));
    int available = counts.free() + counts.occupied();
    String what = understood.category().map(ChatAssistant::noun).orElse("machines");
    String level = available == 0 ? "no machines are reporting right now"
        : Math.round(100.0 * counts.occupied() / available) + "% of " + what + " in use, " + counts.free() + " free";
    return Future.succeededFuture(new Answer(PhraseBook.district(branch.get().name()) + " right now: " + level + ".",
        List.of(), List.of("availability")));
  }

  private Future<Answer> whenQuiet(Understanding understood, Optional<Position> where) {
    Optional<Branch> branch = branchOrNearest(understood, where);
    if (branch.isEmpty()) {
      return Future.succeededFuture(Answer.say("Which branch? Name one (for example Tsim Sha Tsui), or share your location."));
    }
    ZonedDateTime local = Instant.ofEpochMilli(clock.millis()).atZone(branch.get().timeZone());
    long dayStart = local.toLocalDate().atStartOfDay(branch.get().timeZone()).toEpochSecond();
    List<Category> categories = understood.category().map(List::of).orElse(List.of(Category.values()));
    List<Future<List<OccupancyBin>>> days = categories.stream().map(c -> history.sameDay(branch.get().id(), c, dayStart)).toList();
    return Future.all(days).map(all -> {
      List<OccupancyBin> bins = all.<List<OccupancyBin>>list().stream().flatMap(List::stream).toList();
      JsonObject profile = PeakHours.profile(bins, branch.get().timeZone(), local.getHour());
      String name = PhraseBook.district(branch.get().name());
      if (!profile.getBoolean("show")) {
        return new Answer("I don't have enough history for " + name + " yet to say when it is quiet.", List.of(),
            List.of("peak_hours"));
      }
      JsonArray hours = profile.getJsonArray("hours");
      List<JsonObject> open = hours.stream().map(JsonObject.class::cast)
          .filter(h -> h.getValue("occupancy") != null && h.getInteger("hour") >= 6 && h.getInteger("hour") <= 22).toList();
      JsonObject quietest = open.stream().min(Comparator.comparingDouble(h -> h.getDouble("occupancy"))).orElseThrow();
      JsonObject busiest = open.stream().max(Comparator.comparingDouble(h -> h.getDouble("occupancy"))).orElseThrow();
      return new Answer("On " + local.getDayOfWeek().toString().charAt(0) + local.getDayOfWeek().toString().substring(1).toLowerCase()
          + "s " + name + " is usually quietest around " + quietest.getInteger("hour") + ":00 and busiest around "
          + busiest.getInteger("hour") + ":00.", List.of(), List.of("peak_hours"));
    });
  }

  private static String noun(Category category) {
    return switch (category) {
      case LEGS -> "leg machines";
      case CHEST -> "chest machines";
      case BACK -> "back machines";
      case ARMS -> "arm machines";
      case CARDIO -> "cardio machines";
      case CORE -> "core machines";
    };
  }

  private void remember(String session, Turn turn) {
    if (sessions.size() >= MAX_SESSIONS) {
      long cutoff = clock.millis() - SESSION_IDLE_MILLIS;
      sessions.values().removeIf(t -> t.at() < cutoff);
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.clear(); // a flood of sessions: forget rather than grow
      }
    }
    sessions.put(session, turn);
  }
}
