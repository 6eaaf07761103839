package io.gympulse.gateway.rest;

import io.gympulse.gateway.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

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
    server = vertx.createHttpServer(options)
        .invalidRequestHandler(HttpApiVerticle::handleInvalidRequest)
        .requestHandler(api.router(vertx, config));
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * Requests the HTTP codec could not decode (line or headers too long, malformed) get the same JSON
   * error body as every other error, instead of the server's bare status line.
   */
  private static void handleInvalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String code = status == 414 ? "uri_too_long" : status == 431 ? "headers_too_large" : "malformed_request";
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
        .end(new JsonObject().put("error", new JsonObject().put("code", code)
            .put("message", "the request could not be read: " + code.replace('_', ' '))).toBuffer());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
