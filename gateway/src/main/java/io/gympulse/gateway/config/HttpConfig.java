package io.gympulse.gateway.config;

import java.util.List;

/**
 * HTTP listener settings (REST and the {@code /ws} upgrade).
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free port
 * @param corsOrigins allowed origins; {@code *} allows any
 * @param eventLoops event loops serving HTTP and WebSocket connections; each fans out to its own connections
 */
public record HttpConfig(String host, int port, List<String> corsOrigins, int eventLoops) {

  public HttpConfig {
    corsOrigins = List.copyOf(corsOrigins);
    if (corsOrigins.isEmpty()) {
      throw new ConfigException("CORS_ORIGINS is empty: expected '*' or a comma-separated list of origins");
    }
  }

  public boolean corsAllowsAnyOrigin() {
    return corsOrigins.contains("*");
  }
}
