package io.gympulse.gateway.rest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes every successful read and every error, so all carry the same headers: {@code Content-Type},
 * {@code Cache-Control}, an {@code ETag} where {@link Caching} allows one, and an explicit {@code Content-Length}.
 * Vert.x sets the length itself only when it writes the body, so without it a {@code HEAD} would lack the header
 * its {@code GET} has.
 */
final class Replies {

  static final String JSON = "application/json";

  private Replies() {
  }

  /** A JSON object or array as 200. */
  static void json(RoutingContext ctx, Object body, Caching caching) {
    send(ctx, JSON, body instanceof JsonArray array ? array.toBuffer() : ((JsonObject) body).toBuffer(), caching);
  }

  /** {@code body} as 200, or 304 with no body when the request's {@code If-None-Match} matches its tag. */
  static void send(RoutingContext ctx, String contentType, Buffer body, Caching caching) {
    RequestLoop.write(ctx, () -> write(ctx, contentType, body, caching));
  }

  private static void write(RoutingContext ctx, String contentType, Buffer body, Caching caching) {
    HttpServerResponse response = ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, caching.header());
    if (caching.tagged()) {
      String tag = EntityTags.strong(body);
      response.putHeader(HttpHeaders.ETAG, tag);
      String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
      if (ifNoneMatch != null && EntityTags.noneMatchHits(ifNoneMatch, tag)) {
        response.setStatusCode(304).end();
        return;
      }
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end(body);
  }

  /** The error contract, {@code {"error":{"code","message"}}}, never stored by a cache. */
  static void error(RoutingContext ctx, int status, String code, String message) {
    RequestLoop.write(ctx, () -> {
      if (ctx.response().ended()) {
        return;
      }
      ctx.response().setStatusCode(status);
      write(ctx, JSON, new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
          .toBuffer(), Caching.NEVER);
    });
  }
}
