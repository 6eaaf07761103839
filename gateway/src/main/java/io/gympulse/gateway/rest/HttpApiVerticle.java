package io.gympulse.gateway.rest;

import io.gympulse.gateway.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** Serves the REST API and the {@code /ws} upgrade on one HTTP port. */
public final class HttpApiVerticle extends VerticleBase {

  /** Frames larger than this close the socket at protocol level; up to it they get an error frame. */
  private static final int MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;

  private final HttpConfig config;
  private final RestApi api;
  private HttpServer server;

  public HttpApiVerticle(HttpConfig config, RestApi api) {
    this.config = config;
    this.api = api;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME_BYTES)
        // No cleartext HTTP/2 upgrade: WebSockets are HTTP/1.1, the load balancer talks HTTP/1.1 to
        // targets, and h2c upgrades from the JDK client sometimes left a response body undelivered.
        .setHttp2ClearTextEnabled(false);
    server = vertx.createHttpServer(options).requestHandler(api.router(vertx, config));
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
