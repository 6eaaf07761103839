package io.gympulse.gateway.rest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request bodies that must be one JSON object; anything else is a 400 {@code invalid_json}. */
final class JsonBodies {

  private JsonBodies() {
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
