package io.gympulse.gateway.rest;

import io.gympulse.gateway.config.HttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: one router for the route groups {@code Gateway} hands in, with what every route shares
 * (HEAD answered as GET, CORS, rate limits, one error shape, 404 and 405 with {@code Allow}). Every error is
 * {@code {"error":{"code","message"}}}; {@code /openapi.yaml} describes every route, which a test keeps true.
 * Responses go out through {@link Replies}, which tags state for conditional requests and says how caches may
 * keep it ({@link Caching}).
 */
public final class RestApi {

  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
  private static final String SENT_METHOD = "gympulse.sentMethod";

  private final RateLimiter limits;
  private final List<Routes> groups;

  public RestApi(RateLimiter limits, List<Routes> groups) {
    this.limits = limits;
    this.groups = List.copyOf(groups);
  }

  public Router router(Vertx vertx, HttpConfig config) {
    Router router = Router.router(vertx);
    router.route().handler(RequestLoop.remember()); // before anything that may write
    // early, so CORS and the rate limit see the request once, as the GET it is answered as
    router.route().method(HttpMethod.HEAD).handler(RestApi::handleHeadAsGet);
    router.route().handler(cors(config));
    router.route().handler(limits);
    groups.forEach(group -> group.register(router));
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
      RequestLoop.write(ctx, () -> ctx.response().setStatusCode(204)
          .putHeader(HttpHeaders.CACHE_CONTROL, Caching.NEVER.header()).end());
      return;
    }
    Replies.error(ctx, 405, "method_not_allowed", method + " is not supported on " + ctx.request().path());
  }

  private static HttpMethod sentMethod(RoutingContext ctx) {
    HttpMethod rerouted = ctx.get(SENT_METHOD);
    return rerouted != null ? rerouted : ctx.request().method();
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
