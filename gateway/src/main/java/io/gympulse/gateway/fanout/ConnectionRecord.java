package io.gympulse.gateway.fanout;

import java.util.Optional;
import java.util.Set;

/**
 * One row of the {@code connections} table: which gateway instance holds a WebSocket connection, for
 * whom, following what. {@code expiresAtSeconds} is the TTL, refreshed while the connection lives.
 */
public record ConnectionRecord(
    String connectionId,
    String instanceId,
    Optional<String> userId,
    Set<String> topics,
    long connectedAtMillis,
    long expiresAtSeconds) {

  public ConnectionRecord {
    topics = Set.copyOf(topics);
  }

  public ConnectionRecord withTopics(Set<String> newTopics) {
    return new ConnectionRecord(connectionId, instanceId, userId, newTopics, connectedAtMillis, expiresAtSeconds);
  }

  public ConnectionRecord withUser(String user) {
    return new ConnectionRecord(connectionId, instanceId, Optional.of(user), topics, connectedAtMillis, expiresAtSeconds);
  }

  public ConnectionRecord expiringAt(long epochSeconds) {
    return new ConnectionRecord(connectionId, instanceId, userId, topics, connectedAtMillis, epochSeconds);
  }
}
