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
 * @param jwksUrl keys of an external issuer (e.g. a Cognito user pool) whose tokens are accepted too
 * @param externalIssuer the {@code iss} required of external tokens
 */
public record AuthConfig(String secret, boolean generated, String issuer, Duration tokenLifetime,
    java.util.Optional<java.net.URI> jwksUrl, java.util.Optional<String> externalIssuer) {

  /** Redacted: configuration is logged and printed in errors, the secret never is. */
  @Override
  public String toString() {
    return "AuthConfig[secret=<redacted>, generated=" + generated + ", issuer=" + issuer + ", tokenLifetime="
        + tokenLifetime + ", jwksUrl=" + jwksUrl + ", externalIssuer=" + externalIssuer + "]";
  }
}
