package io.gympulse.gateway.fanout;

import java.util.Optional;
import java.util.Set;

/**
 * Told of WebSocket connection lifecycle, on the fan-out context; used to mirror the registry to the
 * DynamoDB {@code connections} table. Must not block and must not fail delivery.
 */
public interface ConnectionListener {

  default void opened(String connectionId, Optional<String> userId) {
  }

  default void topicsChanged(String connectionId, Set<String> topics) {
  }

  /** An anonymous connection authenticated as a member. */
  default void userBound(String connectionId, String userId) {
  }

  default void closed(String connectionId) {
  }
}
