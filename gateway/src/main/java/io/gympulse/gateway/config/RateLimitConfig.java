package io.gympulse.gateway.config;

import java.util.Set;

/**
 * REST and WebSocket-upgrade rate limits.
 *
 * @param apiKeyHashes SHA-256 (hex) of the accepted API keys; empty means API keys are not used
 * @param perKeyPerMinute requests a minute per API key (the design's 1000)
 * @param perAddressPerMinute requests a minute per client address when no key is sent
 */
public record RateLimitConfig(Set<String> apiKeyHashes, int perKeyPerMinute, int perAddressPerMinute) {

  public RateLimitConfig {
    apiKeyHashes = Set.copyOf(apiKeyHashes);
  }

  /** Redacted: key hashes are not for printing either. */
  @Override
  public String toString() {
    return "RateLimitConfig[apiKeys=" + apiKeyHashes.size() + ", perKeyPerMinute=" + perKeyPerMinute
        + ", perAddressPerMinute=" + perAddressPerMinute + "]";
  }
}
