package io.gympulse.gateway.rest;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.StateViews;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.InvalidCursorException;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * Branches, categories and machines as the live state has them now (never blocking: reads of immutable
 * records), and a machine's history from the store.
 */
public final class StateRoutes implements Routes {

  static final Duration DEFAULT_HISTORY_WINDOW = Duration.ofDays(1);

  private final LiveState state;
  private final Catalog catalog;
  private final StateViews views;
  private final MachineStore store;
  private final Clock clock;

  public StateRoutes(LiveState state, StateViews views, MachineStore store, Clock clock) {
    this.state = state;
    this.catalog = state.catalog();
    this.views = views;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void register(Router router) {
    router.get("/branches").handler(this::handleListBranches);
    router.get("/branches/:gymId").handler(this::handleGetBranch);
    router.get("/branches/:gymId/categories/:category").handler(this::handleGetCategory);
    router.get("/branches/:gymId/categories/:category/machines").handler(this::handleListCategoryMachines);
    router.get("/machines/:machineId").handler(this::handleGetMachine);
    router.get("/machines/:machineId/history").handler(this::handleGetMachineHistory);
  }

  private void handleListBranches(RoutingContext ctx) {
    Replies.json(ctx, views.branches(), Caching.REVALIDATE);
  }

  private void handleGetBranch(RoutingContext ctx) {
    Replies.json(ctx, views.branch(branch(ctx)), Caching.REVALIDATE);
  }

  private void handleGetCategory(RoutingContext ctx) {
    Branch branch = branch(ctx);
    Replies.json(ctx, views.category(branch.id(), category(ctx)), Caching.REVALIDATE);
  }

  private void handleListCategoryMachines(RoutingContext ctx) {
    Branch branch = branch(ctx);
    Replies.json(ctx, views.machines(branch.id(), category(ctx)), Caching.REVALIDATE);
  }

  private void handleGetMachine(RoutingContext ctx) {
    Replies.json(ctx, views.machine(machine(ctx)), Caching.REVALIDATE);
  }

  private void handleGetMachineHistory(RoutingContext ctx) {
    MachineState machine = machine(ctx);
    long now = clock.millis();
    long to = QueryParams.instantMillis(ctx, "to").orElse(now);
    long from = QueryParams.instantMillis(ctx, "from").orElse(to - DEFAULT_HISTORY_WINDOW.toMillis());
    if (from > to) {
      throw ApiException.badRequest("invalid_parameter", "from must not be after to");
    }
    int limit = QueryParams.intInRange(ctx, "limit", 100, 1, 1000);
    HistoryQuery query = new HistoryQuery(machine.machineId(), from, to, limit, QueryParams.string(ctx, "cursor"));
    store.history(query)
        .onSuccess(page -> Replies.json(ctx, historyJson(machine.machineId(), page), Caching.REVALIDATE))
        .onFailure(e -> ctx.fail(e instanceof InvalidCursorException
            ? ApiException.badRequest("invalid_cursor", e.getMessage()) : e));
  }

  private static JsonObject historyJson(String machineId, HistoryPage page) {
    JsonArray events = new JsonArray();
    for (MachineEvent event : page.events()) {
      events.add(new JsonObject()
          .put("timestamp", StateViews.epochSeconds(event.timestampMillis() / 1000.0))
          .put("status", event.status().wireName())
          .put("previousStatus", event.previousStatus().wireName())
          .put("cause", event.cause().wireName())
          .put("seq", event.seq() < 0 ? null : event.seq()));
    }
    return new JsonObject().put("machineId", machineId).put("events", events)
        .put("nextCursor", page.nextCursor().orElse(null));
  }

  private Branch branch(RoutingContext ctx) {
    return PathParams.branch(ctx, catalog);
  }

  private static Category category(RoutingContext ctx) {
    return PathParams.category(ctx);
  }

  private MachineState machine(RoutingContext ctx) {
    String machineId = ctx.pathParam("machineId");
    return state.machine(machineId).orElseThrow(() -> ApiException.notFound("no machine '" + machineId + "'"));
  }
}
