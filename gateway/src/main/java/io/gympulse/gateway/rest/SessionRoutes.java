package io.gympulse.gateway.rest;

import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.fanout.FanoutHub;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Member sessions ({@code POST /sessions}) and the {@code /ws} upgrade that hands sockets to the fan-out hub. */
public final class SessionRoutes implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRoutes.class);

  private final SessionTokens sessions;
  private final FanoutHub hub;

  public SessionRoutes(SessionTokens sessions, FanoutHub hub) {
    this.sessions = sessions;
    this.hub = hub;
  }

  @Override
  public void register(Router router) {
    router.get("/ws").handler(this::handleWebSocketUpgrade);
    router.post("/sessions").handler(this::handleCreateSession);
  }

  private void handleWebSocketUpgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw ApiException.badRequest("upgrade_required", "/ws accepts WebSocket upgrade requests only");
    }
    if (hub.draining()) {
      // the instance is shutting down: the client should connect again, and the load balancer sends it elsewhere
      throw new ApiException(503, "draining", "this instance is shutting down: connect again");
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
    Channel channel = channelOf(ctx.request());
    // the 101 is a write too: on the request's loop, also after the token was verified elsewhere
    RequestLoop.write(ctx, () -> ctx.request().toWebSocket()
        .onSuccess(socket -> hub.accept(socket, channel, userId))
        .onFailure(e -> LOG.debug("WebSocket upgrade failed [reason: {}]", e.toString())));
  }

  /**
   * The Netty channel the upgraded socket will use: the fan-out writes each encoded frame straight to it (see
   * {@code FanoutShard}). vertx-web hands out a wrapper of the socket that does not expose
   * it, so it is taken from the request's HTTP/1.1 connection, which the WebSocket keeps. Vert.x internals, pinned by
   * the BOM: if they change, every WebSocket test fails at the upgrade.
   */
  private static Channel channelOf(HttpServerRequest request) {
    return ((ConnectionBase) request.connection()).channel();
  }

  /** An anonymous member session: a signed token whose subject owns alerts; no personal data. */
  private void handleCreateSession(RoutingContext ctx) {
    SessionTokens.Session session = sessions.issue();
    ctx.response().setStatusCode(201).putHeader("Content-Type", Replies.JSON).putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("token", session.token()).put("userId", session.userId())
            .put("expiresAt", session.expiresAt().toString()).toBuffer());
  }
}
