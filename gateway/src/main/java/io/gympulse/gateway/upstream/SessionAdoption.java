package io.gympulse.gateway.upstream;

import io.gympulse.gateway.config.UpstreamConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts the durable session of an instance that died. A broker keeps a dead member's unacknowledged shared messages
 * in its session, and goes on giving that session a share of new ones, for a client id that an ECS replacement (with
 * a new instance id) never uses. So every instance watches the instances' announcements ({@link Presence}); when one
 * is {@code gone} (its Last Will, retained, so one that died while nobody watched is seen at start too), an instance
 * connects with the dead session's client id after a random delay, stores and acknowledges what the broker sends it,
 * and releases the session: it withdraws the shared subscription and clears the announcement.
 *
 * <p>Two survivors may adopt at once: they take the session over from each other, a message one of them did not
 * acknowledge is sent to the other, and stores are idempotent, so nothing is lost or stored twice.
 */
public final class SessionAdoption extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAdoption.class);
  /** Spreads the survivors' adoptions, so one usually finishes before another starts. */
  private static final long JITTER_MILLIS = 1_000;
  /** How long an adopted session is held: the broker sends its messages right after the connect. */
  private static final long HOLD_MILLIS = 3_000;

  private final UpstreamConfig broker;
  private final String instanceId;
  private final DurablePath durable;
  private final Set<String> adopting = new HashSet<>();

  public SessionAdoption(UpstreamConfig broker, String instanceId, DurablePath durable) {
    this.broker = broker;
    this.instanceId = instanceId;
    this.durable = durable;
  }

  @Override
  public Future<?> start() {
    BrokerConnection watcher = new BrokerConnection(broker, instanceId + "-adoption", false, true,
        List.of(Presence.filter(broker.shareGroup())), this::seen);
    // a child deployment: undeployed with this verticle
    return vertx.deployVerticle(watcher);
  }

  private void seen(UpstreamMessage message) {
    if (message.payload().length() == 0) {
      return; // an announcement cleared
    }
    JsonObject announcement;
    try {
      announcement = new JsonObject(message.payload());
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("ignored an instance announcement that is not JSON [topic: {}]", message.topic());
      return;
    }
    String dead = announcement.getString("instanceId", "");
    String clientId = announcement.getString("durableClientId", "");
    if (!Presence.GONE.equals(announcement.getString("state")) || dead.equals(instanceId) || clientId.isEmpty()
        || !adopting.add(dead)) {
      return;
    }
    long delay = 1 + ThreadLocalRandom.current().nextLong(JITTER_MILLIS);
    vertx.setTimer(delay, id -> adopt(Presence.of(broker.shareGroup(), dead, clientId)));
  }

  private void adopt(Presence gone) {
    LOG.info("adopting the durable session of a gone instance [instance: {}, client: {}]", gone.instanceId(),
        gone.durableClientId());
    vertx.deployVerticle(durable.adopting(broker, gone))
        .compose(deployment -> vertx.timer(HOLD_MILLIS).compose(held -> vertx.undeploy(deployment)))
        .onComplete(done -> {
          adopting.remove(gone.instanceId());
          LOG.info("released the adopted session [instance: {}, ok: {}]", gone.instanceId(), done.succeeded());
        });
  }
}
