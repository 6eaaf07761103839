package io.gympulse.gateway.rest;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.store.StateRecorder;
import io.gympulse.gateway.store.StoreHealth;
import io.gympulse.gateway.upstream.UpstreamHealth;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** What operators and tools read: liveness, readiness, Prometheus metrics and the OpenAPI document. */
public final class OperationsRoutes implements Routes {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Catalog catalog;
  private final StoreHealth storeHealth;
  private final StateRecorder recorder;
  private final IntSupplier connections;
  private final BooleanSupplier draining;
  private final Optional<UpstreamHealth> upstream;
  private final Supplier<String> metricsScrape;
  private final Buffer openApi;

  /**
   * @param connections how many WebSocket connections are open
   * @param draining whether a graceful drain has begun: then {@code /ready} answers 503
   * @param metricsScrape the Prometheus text of the gateway's registry
   * @param openApi the OpenAPI document served at {@code /openapi.yaml}
   */
  public OperationsRoutes(Catalog catalog, StoreHealth storeHealth, StateRecorder recorder, IntSupplier connections,
      BooleanSupplier draining, Optional<UpstreamHealth> upstream, Supplier<String> metricsScrape, Buffer openApi) {
    this.catalog = catalog;
    this.storeHealth = storeHealth;
    this.recorder = recorder;
    this.connections = connections;
    this.draining = draining;
    this.upstream = upstream;
    this.metricsScrape = metricsScrape;
    this.openApi = openApi;
  }

  @Override
  public void register(Router router) {
    router.get("/health").handler(this::handleHealth);
    router.get("/ready").handler(this::handleReady);
    router.get("/metrics").handler(this::handleMetrics);
    router.get("/openapi.yaml").handler(this::handleOpenApi);
  }

  private void handleHealth(RoutingContext ctx) {
    Replies.json(ctx, new JsonObject().put("status", "up"), Caching.NEVER);
  }

  /**
   * Readiness. A degraded store still answers 200: every instance shares the store, so taking this one
   * out of the load balancer would cut members off live updates without helping; the body says degraded
   * for dashboards and alarms; so does an upstream broker that is not reachable, for the same reason. A draining instance answers 503 at once, so the load balancer sends it no new clients.
   */
  private void handleReady(RoutingContext ctx) {
    boolean drainingNow = draining.getAsBoolean();
    boolean brokerDown = upstream.isPresent() && !upstream.get().allConnected();
    String status = drainingNow ? "draining" : storeHealth.isDegraded() || brokerDown ? "degraded" : "ready";
    ctx.response().setStatusCode(drainingNow ? 503 : 200);
    JsonObject body = new JsonObject()
        .put("status", status)
        .put("machines", catalog.size())
        .put("webSocketConnections", connections.getAsInt())
        .put("store", storeHealth.toJson().put("machinesWithPendingWrites", recorder.machinesWithPendingWrites()));
    upstream.ifPresent(broker -> body.put("upstream", broker.toJson()));
    Replies.json(ctx, body, Caching.NEVER);
  }

  /** Prometheus text, written here rather than by vertx-micrometer's handler so a HEAD gets its Content-Length too. */
  private void handleMetrics(RoutingContext ctx) {
    Replies.send(ctx, PROMETHEUS_TEXT, Buffer.buffer(metricsScrape.get()), Caching.NEVER);
  }

  private void handleOpenApi(RoutingContext ctx) {
    Replies.send(ctx, "application/yaml", openApi, Caching.RELEASE);
  }
}
