package io.gympulse.gateway.upstream;

import io.gympulse.gateway.config.UpstreamConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts the durable session of an instance that died. A broker keeps a dead member's unacknowledged shared messages
 * in its session, and goes on giving that session a share of new ones, for a client id that an ECS replacement (with
 * a new instance id) never uses. So every instance watches the instances' announcements ({@link Presence}); when one
 * is {@code gone} (its Last Will, retained, so one that died while nobody watched is seen at start too), an instance
 * connects with the dead session's client id after a random delay and releases the session at once: it withdraws the
 * shared subscription, stores and acknowledges what the broker sends until the session is drained, and clears the
 * announcement.
 *
 * <p>The survivors take turns: each ranks itself among the instances it sees announced {@code up} and waits that many
 * turns, so the first in order adopts at once and the others only if the session is still gone later. The adopter
 * announces the session {@code up} while it holds it, so the others leave it alone; if two connect at once anyway,
 * the broker gives the client id to the later one and the earlier one does not reconnect. Whoever fails to
 * finish (taken over, or messages left unacknowledged) leaves the session announced {@code gone} (by its release, or
 * by the broker's Last Will), and it is adopted again until an adopter clears it. Stores are idempotent, so a message
 * handled twice is not stored twice.
 */
public final class SessionAdoption extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAdoption.class);
  /** A survivor's turn: long enough for the one before to connect and announce that it holds the session. */
  private static final long TURN_MILLIS = 2_000;
  /** Spreads survivors whose views of who is up differ. */
  private static final long JITTER_MILLIS = 250;
  /** How long an instance waits before trying again a session still announced gone: past another adopter's connect. */
  private static final long RETRY_MILLIS = 10_000;
  /**
   * How long the release of an adopted session waits for its messages to be stored and acknowledged. Long: the store
   * retries every write until it is durable, so giving up early gains nothing and costs another adoption (in a CI run,
   * writes that dynalite sat on for 10 s made a 10 s release give up with 115 messages in hand, and the next adopter
   * took 10 s more). Meanwhile the adopter announces the session up; if it dies, its Last Will says gone again.
   */
  private static final Duration RELEASE_PATIENCE = Duration.ofSeconds(60);

  private final UpstreamConfig broker;
  private final String instanceId;
  private final DurablePath durable;
  /** Sessions announced gone and not yet released, by instance id. */
  private final Map<String, Presence> gone = new HashMap<>();
  private final Set<String> adopting = new HashSet<>();
  /** Instances announced up (adopted sessions included), for taking turns. */
  private final Set<String> up = new HashSet<>();

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
    String announced = message.topic().substring(message.topic().lastIndexOf('/') + 1);
    if (message.payload().length() == 0) {
      gone.remove(announced); // released
      up.remove(announced);
      return;
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
    if (!Presence.GONE.equals(announcement.getString("state"))) {
      gone.remove(dead); // up again, or held by an adopter
      up.add(dead);
      return;
    }
    up.remove(dead);
    if (dead.equals(instanceId) || clientId.isEmpty()) {
      return;
    }
    gone.put(dead, Presence.of(broker.shareGroup(), dead, clientId));
    later(dead, turn() * TURN_MILLIS + jitter());
  }

  /** This instance's place among those up, in the order of their ids: 0 goes first. */
  private int turn() {
    return (int) up.stream().filter(other -> other.compareTo(instanceId) < 0).count();
  }

  private void later(String dead, long delayMillis) {
    vertx.setTimer(delayMillis, id -> adopt(dead));
  }

  private void adopt(String dead) {
    Presence session = gone.get(dead);
    if (session == null || !adopting.add(dead)) {
      return; // released, held by another, or being adopted here
    }
    LOG.info("adopting the durable session of a gone instance [instance: {}, client: {}]", dead,
        session.durableClientId());
    Promise<Void> lost = Promise.promise();
    Promise<Void> connected = Promise.promise();
    // released as soon as it is connected: the release withdraws the shared subscription, so the broker gives the
    // session nothing new, and drains what the session holds (the broker sends it right after the connect)
    vertx.deployVerticle(durable.adopting(broker, session).once(lost::tryComplete).onConnected(connected::tryComplete)
            .releasingWithin(RELEASE_PATIENCE))
        .compose(deployment -> Future.any(connected.future(), lost.future())
            .compose(held -> vertx.undeploy(deployment)))
        .onComplete(done -> {
          adopting.remove(dead);
          LOG.info("left the adopted session [instance: {}, released: {}]", dead, done.succeeded() && !lost.future()
              .isComplete());
          if (gone.containsKey(dead)) {
            later(dead, RETRY_MILLIS + jitter()); // unless someone releases it meanwhile
          }
        });
  }

  private static long jitter() {
    return 1 + ThreadLocalRandom.current().nextLong(JITTER_MILLIS);
  }
}
