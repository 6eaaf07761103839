package io.gympulse.gateway.rest;

import io.gympulse.gateway.auth.SessionTokens;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is asking: the subject of the request's session token ({@code Authorization: Bearer …}, from
 * {@code POST /sessions}). Routes that act for a member put {@link #bearer} in front of their handler.
 */
final class Identity {

  private static final String USER = "gympulse.userId";

  private Identity() {
  }

  /** Verifies the bearer token and remembers its subject for the route; 401 otherwise. */
  static Handler<RoutingContext> bearer(SessionTokens tokens) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ctx.fail(new ApiException(401, "unauthenticated",
            "send a session token as 'Authorization: Bearer <token>' (POST /sessions issues one)"));
        return;
      }
      tokens.verify(header.substring(7).trim()).onSuccess(userId -> {
        ctx.put(USER, userId);
        ctx.next();
      }).onFailure(e -> {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ctx.fail(new ApiException(401, "invalid_token", e.getMessage()));
      });
    };
  }

  /** The verified subject of a route behind {@link #bearer}. */
  static String required(RoutingContext ctx) {
    String userId = ctx.get(USER);
    if (userId == null) {
      throw new IllegalStateException("route is missing the bearer handler");
    }
    return userId;
  }
}
