package io.gympulse.gateway.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque history cursor: the sort key of the last event of a page. Shared by every store so a
 * cursor means the same whatever backs the gateway.
 */
public final class HistoryCursor {

  private static final String PREFIX = "ts:";

  private HistoryCursor() {
  }

  public static String encode(long timestampMillis) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + timestampMillis).getBytes(StandardCharsets.UTF_8));
  }

  /** The sort key in a cursor; throws {@link InvalidCursorException} for anything this server did not issue. */
  public static long decode(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith(PREFIX)) {
        return Long.parseLong(decoded.substring(PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidCursorException("cursor '" + cursor + "' was not issued by this server");
  }
}
