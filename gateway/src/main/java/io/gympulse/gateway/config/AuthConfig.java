package io.gympulse.gateway.config;

import java.time.Duration;

/**
 * Signing of member session tokens.
 *
 * @param secret HS256 key, at least 32 bytes; never logged
 * @param generated true when no secret was configured (dev only) and one was made up at start-up, so
 *     tokens do not survive a restart
 * @param issuer the {@code iss} claim issued and required
 * @param tokenLifetime how long a session token is valid
 */
public record AuthConfig(String secret, boolean generated, String issuer, Duration tokenLifetime) {

  /** Redacted: configuration is logged and printed in errors, the secret never is. */
  @Override
  public String toString() {
    return "AuthConfig[secret=<redacted>, generated=" + generated + ", issuer=" + issuer + ", tokenLifetime="
        + tokenLifetime + "]";
  }
}
