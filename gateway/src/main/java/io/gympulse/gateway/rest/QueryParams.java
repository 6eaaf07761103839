package io.gympulse.gateway.rest;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Typed query parameters; anything malformed is a 400 naming the parameter. */
final class QueryParams {

  private QueryParams() {
  }

  static Optional<String> string(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.request().getParam(name)).filter(v -> !v.isEmpty());
  }

  /** Epoch seconds (integer or fractional) or an ISO-8601 instant, as epoch milliseconds. */
  static Optional<Long> instantMillis(RoutingContext ctx, String name) {
    return string(ctx, name).map(raw -> {
      try {
        double seconds = Double.parseDouble(raw);
        if (Double.isFinite(seconds) && seconds >= 0) {
          return Math.round(seconds * 1000);
        }
      } catch (NumberFormatException notANumber) {
        try {
          return Instant.parse(raw).toEpochMilli();
        } catch (DateTimeParseException ignored) {
          // reported below
        }
      }
      throw ApiException.badRequest("invalid_parameter",
          name + " must be epoch seconds or an ISO-8601 instant (e.g. 2026-11-26T10:00:00Z); got '" + raw + "'");
    });
  }

  static int intInRange(RoutingContext ctx, String name, int defaultValue, int min, int max) {
    return string(ctx, name).map(raw -> {
      try {
        int value = Integer.parseInt(raw);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw ApiException.badRequest("invalid_parameter",
          name + " must be an integer from " + min + " to " + max + "; got '" + raw + "'");
    }).orElse(defaultValue);
  }
}
