package io.gympulse.gateway.rest;

import io.gympulse.gateway.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Serves the REST API and the {@code /ws} upgrade on one HTTP port. Deployed once per {@code HTTP_EVENT_LOOPS}: the
 * instances share the port, and each accepts its share of the connections on its own event loop.
 */
public final class HttpApiVerticle extends VerticleBase {

  /** Frames larger than this close the socket at protocol level; up to it they get an error frame. */
  private static final int MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;

  private final HttpConfig config;
  private final RestApi api;
  private final SharedPort port;
  private HttpServer server;

  /** @param port shared by the instances of one gateway: the port the first bound, when any free one was asked for */
  public HttpApiVerticle(HttpConfig config, RestApi api, SharedPort port) {
    this.config = config;
    this.api = api;
    this.port = port;
  }

  /**
   * The port the instances of one gateway share. With a fixed port they all bind it and Vert.x shares it. With "any
   * free port" (0) each binding 0 would get its own port; Vert.x shares a random port among the servers that bind the
   * same negative number instead, so each gateway takes a number of its own (several run in one process in tests).
   */
  public static final class SharedPort {
    private static final AtomicInteger RANDOM_PORT_GROUPS = new AtomicInteger();
    private final int randomPortGroup = -RANDOM_PORT_GROUPS.incrementAndGet();

    Future<HttpServer> listen(HttpServer server, int configured) {
      return server.listen(configured != 0 ? configured : randomPortGroup);
    }
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME_BYTES)
        // No cleartext HTTP/2 upgrade: WebSockets are HTTP/1.1, the load balancer talks HTTP/1.1 to
        // targets, and h2c upgrades from the JDK client sometimes left a response body undelivered.
        .setHttp2ClearTextEnabled(false)
        // Each HTTP/1.1 connection writes directly on its event loop instead of through the outbound queue Vert.x
        // otherwise creates per connection, which a WebSocket keeps for its life: 4.8 KB less per member (see
        // docs/benchmarks.md). Every response is written on its request's loop (RequestLoop); a write from another
        // thread would throw instead of being queued.
        .setStrictThreadMode(true);
    server = vertx.createHttpServer(options)
        .invalidRequestHandler(HttpApiVerticle::handleInvalidRequest)
        .requestHandler(api.router(vertx, config));
    return port.listen(server, config.port());
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
