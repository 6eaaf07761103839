package io.gympulse.gateway.upstream;

import io.gympulse.gateway.config.UpstreamConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** What {@code /ready} says of the upstream broker: each connection, its path, and whether it is up. */
public final class UpstreamHealth {

  private final UpstreamConfig broker;
  private final List<Entry> connections = new ArrayList<>();

  private record Entry(String path, BrokerConnection connection) {
  }

  public UpstreamHealth(UpstreamConfig broker) {
    this.broker = broker;
  }

  /** Follows {@code connection}, which serves {@code path} ({@code live} or {@code durable}). */
  void watch(String path, BrokerConnection connection) {
    connections.add(new Entry(path, connection));
  }

  /** Whether every connection is up and subscribed. */
  public boolean allConnected() {
    return connections.stream().allMatch(entry -> entry.connection().isConnected());
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    connections.forEach(entry -> list.add(new JsonObject().put("path", entry.path())
        .put("clientId", entry.connection().clientId()).put("connected", entry.connection().isConnected())));
    return new JsonObject().put("status", allConnected() ? "up" : "degraded").put("broker", broker.address())
        .put("connections", list);
  }
}
