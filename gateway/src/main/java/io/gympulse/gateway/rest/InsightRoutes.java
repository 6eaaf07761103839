package io.gympulse.gateway.rest;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.AggregatesRecorder;
import io.gympulse.gateway.aggregates.Forecast;
import io.gympulse.gateway.aggregates.Forecaster;
import io.gympulse.gateway.aggregates.History;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.aggregates.PeakHours;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.StateViews;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Occupancy bins, forecasts and peak hours: live data turned into "will it be free when I get there". */
public final class InsightRoutes implements Routes {

  static final Duration MAX_OCCUPANCY_RANGE = Duration.ofDays(31);

  private final LiveState state;
  private final Catalog catalog;
  private final AggregateStore bins;
  private final AggregatesRecorder recorder;
  private final History history;
  private final Clock clock;

  public InsightRoutes(LiveState state, AggregateStore bins, AggregatesRecorder recorder, Clock clock) {
    this.state = state;
    this.catalog = state.catalog();
    this.bins = bins;
    this.recorder = recorder;
    this.history = new History(bins);
    this.clock = clock;
  }

  @Override
  public void register(Router router) {
    router.get("/branches/:gymId/categories/:category/occupancy").handler(this::handleGetOccupancy);
    router.get("/branches/:gymId/peak-hours").handler(this::handleGetPeakHours);
    router.get("/forecast/machines/:machineId").handler(this::handleForecastMachine);
    router.get("/forecast/branches/:gymId/categories/:category").handler(this::handleForecastCategory);
  }

  private void handleGetOccupancy(RoutingContext ctx) {
    Branch branch = branch(ctx);
    Category category = category(ctx);
    long nowMillis = clock.millis();
    long to = QueryParams.instantMillis(ctx, "to").orElse(nowMillis) / 1000;
    long from = QueryParams.instantMillis(ctx, "from").orElse(nowMillis - Duration.ofDays(1).toMillis()) / 1000;
    if (from > to) {
      throw ApiException.badRequest("invalid_parameter", "from must not be after to");
    }
    if (to - from > MAX_OCCUPANCY_RANGE.toSeconds()) {
      throw ApiException.badRequest("invalid_parameter", "a range is at most 31 days");
    }
    long firstBin = OccupancyBin.startOf(from);
    // The recorder first closes (and writes) any bin that has ended, then the store has every closed bin.
    recorder.current(branch.id(), category).compose(open -> bins.range(branch.id(), category, firstBin, to).map(closed -> {
      JsonArray array = new JsonArray();
      closed.forEach(bin -> array.add(binJson(bin, false)));
      open.filter(bin -> bin.binStart() >= firstBin && bin.binStart() <= to
              && closed.stream().noneMatch(c -> c.binStart() == bin.binStart()))
          .ifPresent(bin -> array.add(binJson(bin, true)));
      return array;
    })).onSuccess(array -> sendJson(ctx, new JsonObject().put("gymId", branch.id()).put("category", category.wireName())
        .put("binMinutes", OccupancyBin.LENGTH_SECONDS / 60).put("bins", array))).onFailure(ctx::fail);
  }

  private static JsonObject binJson(OccupancyBin bin, boolean partial) {
    return new JsonObject()
        .put("binStart", Instant.ofEpochSecond(bin.binStart()).toString())
        .put("occupancy", bin.occupancy().isPresent() ? round(bin.occupancy().getAsDouble()) : null)
        .put("avgFree", round(bin.avgFree()))
        .put("minFree", bin.minFree())
        .put("maxFree", bin.maxFree())
        .put("samples", bin.samples())
        .put("partial", partial);
  }

  private void handleForecastMachine(RoutingContext ctx) {
    String machineId = ctx.pathParam("machineId");
    MachineState machine = state.machine(machineId).orElseThrow(() -> ApiException.notFound("no machine '" + machineId + "'"));
    int minutes = QueryParams.intInRange(ctx, "minutes", 30, 0, 24 * 60);
    long now = clock.millis() / 1000;
    long target = OccupancyBin.startOf(now + minutes * 60L);
    Future.all(history.sameSlot(machine.gymId(), machine.category(), target),
        history.sameSlot(machine.gymId(), machine.category(), OccupancyBin.startOf(now))).onSuccess(all -> {
          Forecast forecast = Forecaster.machine(all.resultAt(0), all.resultAt(1),
              state.counts(machine.gymId(), machine.category()), machine.status(), machine.category(), minutes);
          sendJson(ctx, forecastJson(forecast, minutes, now).put("machineId", machineId)
              .put("gymId", machine.gymId()).put("category", machine.category().wireName())
              .put("statusNow", machine.status().wireName()));
        }).onFailure(ctx::fail);
  }

  private void handleForecastCategory(RoutingContext ctx) {
    Branch branch = branch(ctx);
    Category category = category(ctx);
    int minutes = QueryParams.intInRange(ctx, "minutes", 30, 0, 24 * 60);
    long now = clock.millis() / 1000;
    history.sameSlot(branch.id(), category, OccupancyBin.startOf(now + minutes * 60L)).onSuccess(slot -> {
      Forecast forecast = Forecaster.category(slot, state.counts(branch.id(), category), category, minutes);
      sendJson(ctx, forecastJson(forecast, minutes, now).put("gymId", branch.id()).put("category", category.wireName())
          .put("freeNow", state.counts(branch.id(), category).free()));
    }).onFailure(ctx::fail);
  }

  private static JsonObject forecastJson(Forecast forecast, int minutes, long nowSeconds) {
    return new JsonObject()
        .put("at", Instant.ofEpochSecond(nowSeconds + minutes * 60L).toString())
        .put("minutes", minutes)
        .put("probabilityFree", forecast.show() ? round(forecast.probabilityFree()) : null)
        .put("confidence", round(forecast.confidence()))
        .put("classification", forecast.classification())
        .put("samples", forecast.samples())
        .put("show", forecast.show());
  }

  private void handleGetPeakHours(RoutingContext ctx) {
    Branch branch = branch(ctx);
    ZonedDateTime local = Instant.ofEpochMilli(clock.millis()).atZone(branch.timeZone());
    long dayStart = local.toLocalDate().atStartOfDay(branch.timeZone()).toEpochSecond();
    List<Future<List<OccupancyBin>>> perCategory = new ArrayList<>();
    for (Category category : Category.values()) {
      perCategory.add(history.sameDay(branch.id(), category, dayStart));
    }
    Future.all(perCategory).onSuccess(all -> {
      List<OccupancyBin> pastDays = all.<List<OccupancyBin>>list().stream().flatMap(List::stream).toList();
      sendJson(ctx, PeakHours.profile(pastDays, branch.timeZone(), local.getHour())
          .put("gymId", branch.id()).put("timeZone", branch.timeZone().getId())
          .put("weekday", local.getDayOfWeek().toString().toLowerCase(java.util.Locale.ROOT)));
    }).onFailure(ctx::fail);
  }

  private Branch branch(RoutingContext ctx) {
    return PathParams.branch(ctx, catalog);
  }

  private static Category category(RoutingContext ctx) {
    return PathParams.category(ctx);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** Bins and forecasts move with every transition and with the clock: revalidated on every use. */
  private static void sendJson(RoutingContext ctx, JsonObject body) {
    Replies.json(ctx, body, Caching.REVALIDATE);
  }
}
