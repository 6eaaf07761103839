package io.gympulse.gateway.fanout;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which connection follows which topic, both ways (connection → topics, topic → connections), so a
 * change reaches its subscribers without scanning connections. Confined to its shard's event loop.
 */
final class ConnectionRegistry {

  private final Map<String, ClientConnection> connections = new HashMap<>();
  private final Map<Topic, Set<ClientConnection>> subscribers = new HashMap<>();
  private final Map<String, Set<ClientConnection>> byUser = new HashMap<>();
  private final List<ConnectionListener> listeners;

  /** @param listeners told of every connection's lifecycle (a list shared by every shard, safe to iterate) */
  ConnectionRegistry(List<ConnectionListener> listeners) {
    this.listeners = listeners;
  }

  void add(ClientConnection connection) {
    connections.put(connection.id(), connection);
    connection.userId().ifPresent(user -> byUser.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(connection));
    listeners.forEach(l -> l.opened(connection.id(), connection.userId()));
  }

  /** Removes a connection; false if it was already gone. */
  boolean remove(ClientConnection connection) {
    if (connections.remove(connection.id()) == null) {
      return false;
    }
    for (Topic topic : connection.topics()) {
      unlink(topic, connection);
    }
    connection.userId().ifPresent(user -> {
      Set<ClientConnection> own = byUser.get(user);
      own.remove(connection);
      if (own.isEmpty()) {
        byUser.remove(user);
      }
    });
    listeners.forEach(l -> l.closed(connection.id()));
    return true;
  }

  /** Adds topics; returns those that were new for this connection. */
  List<Topic> subscribe(ClientConnection connection, Collection<Topic> topics) {
    List<Topic> added = topics.stream().distinct().filter(connection::follow).toList();
    for (Topic topic : added) {
      subscribers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(connection);
    }
    notifyTopics(connection, !added.isEmpty());
    return added;
  }

  void unsubscribe(ClientConnection connection, Collection<Topic> topics) {
    boolean changed = false;
    for (Topic topic : topics) {
      if (connection.unfollow(topic)) {
        unlink(topic, connection);
        changed = true;
      }
    }
    notifyTopics(connection, changed);
  }

  Set<ClientConnection> subscribers(Topic topic) {
    return subscribers.getOrDefault(topic, Set.of());
  }

  /** Binds an anonymous connection to a member (in-band authentication). */
  void bindUser(ClientConnection connection, String userId) {
    connection.bindUser(userId);
    byUser.computeIfAbsent(userId, u -> new LinkedHashSet<>()).add(connection);
    listeners.forEach(l -> l.userBound(connection.id(), userId));
  }

  Set<ClientConnection> ofUser(String userId) {
    return byUser.getOrDefault(userId, Set.of());
  }

  Collection<ClientConnection> all() {
    return connections.values();
  }

  int size() {
    return connections.size();
  }

  private void unlink(Topic topic, ClientConnection connection) {
    Set<ClientConnection> set = subscribers.get(topic);
    if (set != null && set.remove(connection) && set.isEmpty()) {
      subscribers.remove(topic);
    }
  }

  private void notifyTopics(ClientConnection connection, boolean changed) {
    if (changed && !listeners.isEmpty()) {
      Set<String> paths = connection.topics().stream().map(Topic::path).collect(Collectors.toUnmodifiableSet());
      listeners.forEach(l -> l.topicsChanged(connection.id(), paths));
    }
  }
}
