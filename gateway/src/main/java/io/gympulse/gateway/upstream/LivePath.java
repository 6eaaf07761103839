package io.gympulse.gateway.upstream;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.lifecycle.Deployment;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The live path in upstream mode: every instance follows every branch's status topics on the broker (plain, not
 * shared, subscriptions), so each instance's live state sees every change and the existing (timestamp, seq) rules
 * make the replicas converge.
 */
public final class LivePath {

  private LivePath() {
  }

  /**
   * One connection per share of the branches ({@code MQTT_UPSTREAM_CONNECTIONS}), each applying what it receives
   * through {@code ingest}. A fresh session per start: the live path needs only what is published from now on, and
   * state from before comes from the store, read again after every connect ({@code catchUp}).
   */
  public static List<Component> connections(Vertx vertx, UpstreamConfig broker, String instanceId, Catalog catalog,
      UpstreamIngest ingest, StoreCatchUp catchUp, UpstreamHealth health) {
    List<List<String>> filters = BranchFilters.spread(catalog, broker.liveConnections());
    List<Component> connections = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      BrokerConnection connection = new BrokerConnection(broker, instanceId + "-live-" + i, false, true, filters.get(i),
          ingest::accept).onConnected(catchUp::request);
      health.watch("live", connection);
      connections.add(new Deployment(vertx, connection));
    }
    return connections;
  }
}
