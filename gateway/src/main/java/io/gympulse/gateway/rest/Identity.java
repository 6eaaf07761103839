package io.gympulse.gateway.rest;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is asking. Interim, until the security issue binds requests to an authenticated subject (signed
 * tokens): REST names the user in the {@code X-User-Id} header, the WebSocket in a {@code userId} query
 * parameter. Ids are opaque and carry no personal data.
 */
final class Identity {

  static final String HEADER = "X-User-Id";
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  private Identity() {
  }

  /** The user of a request that requires one: 401 when absent, 400 when malformed. */
  static String required(RoutingContext ctx) {
    return optional(ctx.request().getHeader(HEADER)).orElseThrow(() -> new ApiException(401, "unauthenticated",
        "send your user id in the " + HEADER + " header"));
  }

  /** An optional user id: empty when absent, 400 when malformed. */
  static Optional<String> optional(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    if (!USER_ID.matcher(raw).matches()) {
      throw ApiException.badRequest("invalid_user_id",
          "a user id is 1 to 128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
    }
    return Optional.of(raw);
  }
}
