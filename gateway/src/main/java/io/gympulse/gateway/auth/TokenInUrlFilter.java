package io.gympulse.gateway.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Pattern;
import org.slf4j.Marker;

/**
 * Drops log events that would carry a session token from a URL ({@code /ws?token=…}): Vert.x Web's router logs
 * every request's absolute URI at TRACE, so turning {@code io.vertx} up to debug a problem would otherwise leak the
 * tokens of every WebSocket client. Losing such a line is cheaper than leaking a credential.
 */
public final class TokenInUrlFilter extends TurboFilter {

  private static final Pattern TOKEN_PARAMETER = Pattern.compile("[?&]token=");

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // turbo filters run before the level check: only look at events that would be logged
    if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    if (format != null && TOKEN_PARAMETER.matcher(format).find()) {
      return FilterReply.DENY;
    }
    if (params != null) {
      for (Object param : params) {
        if (param != null && TOKEN_PARAMETER.matcher(String.valueOf(param)).find()) {
          return FilterReply.DENY;
        }
      }
    }
    return FilterReply.NEUTRAL;
  }
}
