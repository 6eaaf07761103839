package io.gympulse.gateway.rest;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.AggregatesRecorder;
import io.gympulse.gateway.aggregates.History;
import io.gympulse.gateway.alerts.AlertEngine;
import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.chat.Assistant;
import io.gympulse.gateway.chat.ChatAssistant;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.config.HttpConfig;
import io.gympulse.gateway.config.RateLimitConfig;
import io.gympulse.gateway.fanout.FanoutHub;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.StateViews;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.InvalidCursorException;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.StateRecorder;
import io.gympulse.gateway.store.StoreHealth;
import io.gympulse.tools.EstimatedRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API and the {@code /ws} upgrade. Reads come from the live state (never blocking) and, for
 * history, from the store. Every error is {@code {"error":{"code","message"}}}; {@code /openapi.yaml}
 * describes every route, which a test keeps true. Responses go out through {@link Replies}, which tags state
 * for conditional requests and says how caches may keep it ({@link Caching}).
 */
public final class RestApi {

  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
  private static final String SENT_METHOD = "gympulse.sentMethod";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final Duration DEFAULT_HISTORY_WINDOW = Duration.ofDays(1);

  private final LiveState state;
  private final Catalog catalog;
  private final StateViews views;
  private final MachineStore store;
  private final StateRecorder recorder;
  private final StoreHealth storeHealth;
  private final FanoutHub hub;
  private final AlertRoutes alerts;
  private final InsightRoutes insights;
  private final ChatRoutes chat;
  private final SessionTokens sessions;
  private final RateLimitConfig rateLimits;
  private final Supplier<String> metricsScrape;
  private final Buffer openApi;
  private final Clock clock;

  public RestApi(LiveState state, MachineStore store, StateRecorder recorder, StoreHealth storeHealth, FanoutHub hub,
      AlertEngine alertEngine, AggregateStore bins, AggregatesRecorder aggregates, SessionTokens sessions,
      RateLimitConfig rateLimits, Optional<Assistant> assistant, Supplier<String> metricsScrape, Buffer openApi,
      Clock clock) {
    this.state = state;
    this.catalog = state.catalog();
    this.views = new StateViews(state);
    this.store = store;
    this.recorder = recorder;
    this.storeHealth = storeHealth;
    this.hub = hub;
    this.alerts = new AlertRoutes(alertEngine, state, views, clock);
    this.insights = new InsightRoutes(state, bins, aggregates, clock);
    // local by default: the rule-based assistant on the live state, through the tools' logic
    this.chat = new ChatRoutes(assistant.orElseGet(() -> new ChatAssistant(state, new EstimatedRoutes(), new History(bins), clock)));
    this.sessions = sessions;
    this.rateLimits = rateLimits;
    this.metricsScrape = metricsScrape;
    this.openApi = openApi;
    this.clock = clock;
  }

  public Router router(Vertx vertx, HttpConfig config) {
    Router router = Router.router(vertx);
    // first, so CORS and the rate limit see the request once, as the GET it is answered as
    router.route().method(HttpMethod.HEAD).handler(RestApi::handleHeadAsGet);
    router.route().handler(cors(config));
    RateLimiter limits = new RateLimiter(rateLimits, clock);
    vertx.setPeriodic(60_000, id -> limits.sweep());
    router.route().handler(limits);
    router.get("/health").handler(this::handleHealth);
    router.get("/ready").handler(this::handleReady);
    router.get("/metrics").handler(this::handleMetrics);
    router.get("/openapi.yaml").handler(this::handleOpenApi);
    router.get("/ws").handler(this::handleWebSocketUpgrade);
    router.get("/branches").handler(this::handleListBranches);
    router.get("/branches/:gymId").handler(this::handleGetBranch);
    router.get("/branches/:gymId/categories/:category").handler(this::handleGetCategory);
    router.get("/branches/:gymId/categories/:category/machines").handler(this::handleListCategoryMachines);
    router.get("/machines/:machineId").handler(this::handleGetMachine);
    router.get("/machines/:machineId/history").handler(this::handleGetMachineHistory);
    router.post("/sessions").handler(this::handleCreateSession);
    alerts.register(router, Identity.bearer(sessions));
    insights.register(router);
    chat.register(router);
    router.route().failureHandler(this::handleFailure);
    router.errorHandler(404, ctx -> Replies.error(ctx, 404, "not_found", "no such resource: " + ctx.request().path()));
    AllowedMethods allowed = AllowedMethods.of(router);
    router.errorHandler(405, ctx -> handleMethodNotAllowed(ctx, allowed));
    return router;
  }

  private static CorsHandler cors(HttpConfig config) {
    CorsHandler cors = config.corsAllowsAnyOrigin() ? CorsHandler.create() : CorsHandler.create().addOrigins(config.corsOrigins());
    return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
            HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "Authorization", RateLimiter.HEADER));
  }

  /**
   * {@code HEAD} is answered by the {@code GET} route of the same path: same status and headers, and Vert.x sends
   * no body for a {@code HEAD} request whatever the handler writes. The method the client sent is remembered for
   * error messages.
   */
  private static void handleHeadAsGet(RoutingContext ctx) {
    ctx.put(SENT_METHOD, HttpMethod.HEAD);
    // path and query rather than uri(): an absolute-form target (http://host/path) is legal but not reroutable
    String query = ctx.request().query();
    ctx.reroute(HttpMethod.GET, ctx.request().path() + (query == null ? "" : "?" + query));
  }

  /** 405 with {@code Allow}; a plain {@code OPTIONS} (not a CORS preflight, which CORS answers) gets 204 and {@code Allow}. */
  private static void handleMethodNotAllowed(RoutingContext ctx, AllowedMethods allowed) {
    HttpMethod method = sentMethod(ctx);
    ctx.response().putHeader(HttpHeaders.ALLOW, allowed.header(ctx.normalizedPath()));
    if (method == HttpMethod.OPTIONS) {
      ctx.response().setStatusCode(204).putHeader(HttpHeaders.CACHE_CONTROL, Caching.NEVER.header()).end();
      return;
    }
    Replies.error(ctx, 405, "method_not_allowed", method + " is not supported on " + ctx.request().path());
  }

  private static HttpMethod sentMethod(RoutingContext ctx) {
    HttpMethod rerouted = ctx.get(SENT_METHOD);
    return rerouted != null ? rerouted : ctx.request().method();
  }

  private void handleHealth(RoutingContext ctx) {
    Replies.json(ctx, new JsonObject().put("status", "up"), Caching.NEVER);
  }

  /**
   * Readiness. A degraded store still answers 200: every instance shares the store, so taking this one
   * out of the load balancer would cut members off live updates without helping; the body says degraded
   * for dashboards and alarms.
   */
  private void handleReady(RoutingContext ctx) {
    Replies.json(ctx, new JsonObject()
        .put("status", storeHealth.isDegraded() ? "degraded" : "ready")
        .put("machines", catalog.size())
        .put("webSocketConnections", hub.registry().size())
        .put("store", storeHealth.toJson().put("machinesWithPendingWrites", recorder.machinesWithPendingWrites())),
        Caching.NEVER);
  }

  /** Prometheus text, written here rather than by vertx-micrometer's handler so a HEAD gets its Content-Length too. */
  private void handleMetrics(RoutingContext ctx) {
    Replies.send(ctx, PROMETHEUS_TEXT, Buffer.buffer(metricsScrape.get()), Caching.NEVER);
  }

  private void handleOpenApi(RoutingContext ctx) {
    Replies.send(ctx, "application/yaml", openApi, Caching.RELEASE);
  }

  private void handleWebSocketUpgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw ApiException.badRequest("upgrade_required", "/ws accepts WebSocket upgrade requests only");
    }
    String token = ctx.request().getParam("token");
    if (token == null) {
      upgrade(ctx, Optional.empty()); // anonymous: public availability only; may authenticate in-band
      return;
    }
    sessions.verify(token)
        .onSuccess(userId -> upgrade(ctx, Optional.of(userId)))
        .onFailure(e -> ctx.fail(new ApiException(401, "invalid_token", e.getMessage())));
  }

  private void upgrade(RoutingContext ctx, Optional<String> userId) {
    ctx.request().toWebSocket()
        .onSuccess(socket -> hub.accept(socket, userId))
        .onFailure(e -> LOG.debug("WebSocket upgrade failed [reason: {}]", e.toString()));
  }

  /** An anonymous member session: a signed token whose subject owns alerts; no personal data. */
  private void handleCreateSession(RoutingContext ctx) {
    SessionTokens.Session session = sessions.issue();
    ctx.response().setStatusCode(201).putHeader("Content-Type", Replies.JSON).putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("token", session.token()).put("userId", session.userId())
            .put("expiresAt", session.expiresAt().toString()).toBuffer());
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

  private void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof ApiException api) {
      Replies.error(ctx, api.status(), api.code(), api.getMessage());
    } else if (status == 413 && JsonBodies.limit(ctx).isPresent()) {
      Replies.error(ctx, 413, "payload_too_large", "request body exceeds " + JsonBodies.limit(ctx).get() + " bytes");
    } else if (status >= 400 && status < 500) {
      // A vertx-web handler refused the request with a client status and its own exception (the CORS handler
      // fails a foreign origin with 403): the client's mistake, not an internal error.
      String message = failure == null || failure.getMessage() == null ? "request failed" : failure.getMessage();
      Replies.error(ctx, status, status == 403 ? "forbidden" : "request_failed", message);
    } else {
      LOG.error("request failed [method: {}, path: {}]", ctx.request().method(), ctx.request().path(), failure);
      Replies.error(ctx, 500, "internal_error", "internal error");
    }
  }

}
