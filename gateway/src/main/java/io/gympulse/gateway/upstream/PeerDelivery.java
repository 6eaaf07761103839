package io.gympulse.gateway.upstream;

import io.gympulse.gateway.alerts.AlertDelivery;
import io.gympulse.gateway.fanout.ConnectionRecord;
import io.gympulse.gateway.fanout.ConnectionStore;
import io.gympulse.gateway.metrics.BoundedRateLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a fired alert to every connection of its owner on every instance: here directly, and to each other
 * instance the {@code connections} table ({@code byUser}) places the owner on, through that instance's deliveries
 * topic. An instance the owner has no connection on gets nothing.
 */
public final class PeerDelivery implements AlertDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(PeerDelivery.class);
  private static final BoundedRateLog FAILURES = new BoundedRateLog(LOG, 5, 10_000);

  private final AlertDelivery here;
  private final ConnectionStore connections;
  private final PeerChannel peers;
  private final String instanceId;

  public PeerDelivery(AlertDelivery here, ConnectionStore connections, PeerChannel peers, String instanceId) {
    this.here = here;
    this.connections = connections;
    this.peers = peers;
    this.instanceId = instanceId;
  }

  @Override
  public void deliverToUser(String userId, byte[] message) {
    connections.byUser(userId)
        .onSuccess(rows -> rows.stream().map(ConnectionRecord::instanceId).filter(other -> !other.equals(instanceId))
            .distinct()
            .forEach(other -> peers.deliver(other, userId, message).onFailure(e -> FAILURES.warn(
                "alert not delivered to another instance [instance: {}, reason: {}]", other, e.toString()))))
        .onFailure(e -> FAILURES.warn("could not look up the owner's connections on other instances [reason: {}]",
            e.toString()));
    here.deliverToUser(userId, message);
  }
}
