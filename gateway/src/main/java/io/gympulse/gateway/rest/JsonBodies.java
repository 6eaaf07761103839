package io.gympulse.gateway.rest;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;

/**
 * Request bodies that must be one JSON object; anything else is a 400 {@code invalid_json}, and a body over the
 * route's limit a 413 {@code payload_too_large} naming the limit.
 */
final class JsonBodies {

  private static final String LIMIT = "gympulse.bodyLimit";

  private JsonBodies() {
  }

  /**
   * Buffers a body of at most {@code maxBytes}. vertx-web's handler fails a larger one with a bare 413 and no
   * exception, so the limit is remembered on the request for the error handler to name ({@link #limit}).
   */
  static Handler<RoutingContext> limitedTo(int maxBytes) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBytes);
    return ctx -> {
      ctx.put(LIMIT, maxBytes);
      body.handle(ctx);
    };
  }

  /** The body limit of the route that handled this request, if it reads a body. */
  static Optional<Integer> limit(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(LIMIT));
  }

  /** The body as a JSON object; {@code expected} tells the caller what to send instead. */
  static JsonObject object(RoutingContext ctx, String expected) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (DecodeException | ClassCastException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_json", expected);
  }
}
