package io.gympulse.gateway.upstream;

import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.store.Backoff;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the upstream broker that stays up: it connects, subscribes its topic filters and, when
 * the broker goes away (or refuses it), reconnects with capped, jittered backoff and subscribes again. It always
 * subscribes again, even when the broker says it kept the session: Mosquitto 2.0.11 drops shared subscriptions
 * across a restart while keeping the session. A verticle, so its client, timers and handler run on one context.
 *
 * <p>Starting does not wait for the broker: a gateway whose broker is down starts, says so at {@code /ready},
 * and catches up when the broker returns.
 */
public final class BrokerConnection extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
  private static final Backoff RECONNECT = new Backoff(250, 15_000);
  /** How long a graceful stop waits for the messages in hand to be stored and acknowledged, unless told otherwise. */
  private static final long RELEASE_MILLIS = 5_000;
  /**
   * How long a session must send nothing, with nothing in hand, to count as drained: Mosquitto hands a session's
   * queue out a few messages at a time, so "nothing in hand" alone can come before most of the queue.
   */
  private static final long QUIET_MILLIS = 500;
  /** How long a publish waits for its PUBACK. */
  private static final long PUBACK_MILLIS = 10_000;

  private final UpstreamConfig config;
  private final String clientId;
  private final boolean keepSession;
  private final boolean autoAck;
  private final List<String> filters;
  private final Handler<UpstreamMessage> handler;
  private MqttClient client;
  /** Counts connections (and losses): a message's acknowledgement is valid only on the connection it came on. */
  private int generation;
  /** Connected and subscribed. */
  private volatile boolean connected;
  /** How many times it has connected and subscribed. */
  private volatile int timesConnected;
  private boolean stopped;
  private int failedAttempts;
  /** QoS 1 messages of the current connection handed on and not acknowledged yet (when the caller acknowledges). */
  private int unacknowledged;
  /** While a release waits for the session to drain: completed once it has, failed if the connection is lost. */
  private Promise<Void> drained;
  /** When the last message arrived ({@link System#nanoTime()}): a session is drained once it has been quiet a while. */
  private long lastDeliveredNanos;
  private long reconnectTimer = -1;
  /** Announced on the broker: up on every connect, gone by Last Will, cleared once released. */
  private Optional<Presence> presence = Optional.empty();
  /** The SUBACK being waited for, by packet id; the client reports SUBACKs through one handler. */
  private final Map<Integer, Promise<MqttSubAckMessage>> subscriptions = new LinkedHashMap<>();
  /** Our QoS 1 publishes waiting for their PUBACK, by packet id. */
  private final Map<Integer, Promise<Void>> publishes = new HashMap<>();
  /** Told after every connect, once the filters are subscribed. */
  private Runnable onConnected = () -> { };
  /** Whether a lost (or refused) connection is made again; if not, {@link #onGone} is told instead. */
  private boolean reconnects = true;
  private Runnable onGone = () -> { };
  private long releaseMillis = RELEASE_MILLIS;

  /**
   * @param keepSession whether the broker keeps this client id's session (and its unacknowledged messages) while
   *     disconnected
   * @param autoAck whether QoS 1 messages are acknowledged on receipt, or only by {@link UpstreamMessage#ack()}
   * @param filters the topic filters to subscribe at QoS 1, after every connect
   * @param handler receives every message, on this verticle's context
   */
  public BrokerConnection(UpstreamConfig config, String clientId, boolean keepSession, boolean autoAck,
      List<String> filters, Handler<UpstreamMessage> handler) {
    this.config = config;
    this.clientId = clientId;
    this.keepSession = keepSession;
    this.autoAck = autoAck;
    this.filters = List.copyOf(filters);
    this.handler = handler;
  }

  /** Announces this connection's session on the broker (see {@link Presence}); call before deploying. */
  BrokerConnection announcing(Presence presence) {
    this.presence = Optional.of(presence);
    return this;
  }

  /** Runs {@code action} on this verticle's context after every connect; call before deploying. */
  BrokerConnection onConnected(Runnable action) {
    this.onConnected = action;
    return this;
  }

  /**
   * Connects only once: a connection that is refused or lost (for example taken over by another client with the same
   * id) is not made again, and {@code onGone} runs, on this verticle's context. Call before deploying.
   */
  BrokerConnection once(Runnable onGone) {
    this.reconnects = false;
    this.onGone = onGone;
    return this;
  }

  /** How long a release waits for the messages in hand; call before deploying. */
  BrokerConnection releasingWithin(Duration patience) {
    this.releaseMillis = patience.toMillis();
    return this;
  }

  @Override
  public Future<?> start() {
    MqttClientOptions options = ClientOptions.of(config, clientId, keepSession, autoAck);
    presence.ifPresent(announced -> {
      options.setWillFlag(true);
      options.setWillTopic(announced.topic());
      options.setWillMessageBytes(announced.message(Presence.GONE));
      options.setWillQoS(MqttQoS.AT_LEAST_ONCE.value());
      options.setWillRetain(true);
    });
    client = MqttClient.create(vertx, options);
    client.publishHandler(this::deliver);
    client.subscribeCompletionHandler(this::subscribed);
    client.publishCompletionHandler(this::published);
    client.closeHandler(v -> lost("connection closed"));
    client.exceptionHandler(e -> LOG.debug("upstream connection error [client: {}, reason: {}]", clientId, e.toString()));
    connect();
    return Future.succeededFuture();
  }

  /**
   * Stops. A kept session is released first: its subscriptions are withdrawn, so the broker stops giving it
   * messages it would only keep for a client id that may never come back (a replaced task has a new one), and the
   * session is drained: the messages it still sends are stored and acknowledged until it has sent nothing for
   * {@link #QUIET_MILLIS} with nothing in hand, for at most {@link #RELEASE_MILLIS} (or as set). Then it disconnects.
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(reconnectTimer);
    if (!connected) {
      return Future.succeededFuture();
    }
    Future<Void> released = keepSession ? release() : Future.succeededFuture();
    return released.eventually(() -> client.disconnect());
  }

  private Future<Void> release() {
    Future<Integer> unsubscribed;
    try {
      unsubscribed = client.unsubscribe(filters);
    } catch (RuntimeException connectionJustLost) {
      // the client throws instead of failing when its connection went away a moment ago
      unsubscribed = Future.failedFuture(connectionJustLost);
    }
    return unsubscribed.compose(packetId -> {
      drained = Promise.promise();
      long check = vertx.setPeriodic(QUIET_MILLIS / 5, id -> {
        if (unacknowledged == 0 && System.nanoTime() - lastDeliveredNanos >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
          drained.tryComplete();
        }
      });
      return drained.future().timeout(releaseMillis, TimeUnit.MILLISECONDS).onComplete(done -> vertx.cancelTimer(check));
    }).compose(done -> presence.map(announced -> announce(announced, Buffer.buffer())).orElse(Future.succeededFuture()))
        .onSuccess(done -> LOG.info("upstream session released [client: {}]", clientId))
        .recover(e -> {
          LOG.warn("upstream session left with messages unacknowledged, announced gone so that another instance adopts "
              + "it [client: {}, messages: {}, reason: {}]", clientId, unacknowledged, e.toString());
          // if the connection is gone already, the broker publishes the Last Will, which says the same
          Future<Void> gone = presence.filter(announced -> client.isConnected())
              .map(announced -> announce(announced, announced.message(Presence.GONE))).orElse(Future.succeededFuture());
          return gone.transform(announced -> Future.failedFuture(e));
        });
  }

  /**
   * Publishes at QoS 1, from any thread. Completes once the broker has acknowledged it (PUBACK); fails at once when
   * the connection is down, and when it is lost before the PUBACK: the caller decides whether to try again.
   */
  public Future<Void> publish(String topic, Buffer payload) {
    Promise<Void> acknowledged = Promise.promise();
    context.runOnContext(v -> {
      if (!connected) {
        acknowledged.fail(new IllegalStateException("not connected to the broker " + config.address()));
        return;
      }
      client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false)
          .onSuccess(packetId -> publishes.put(packetId, acknowledged))
          .onFailure(acknowledged::tryFail);
    });
    // a PUBACK that never comes (a broker that drops it) must not hold the caller for ever
    return acknowledged.future().timeout(PUBACK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void published(int packetId) {
    Promise<Void> waiting = publishes.remove(packetId);
    if (waiting != null) {
      waiting.tryComplete();
    }
  }

  /** Whether the connection is up and its filters are subscribed. */
  public boolean isConnected() {
    return connected;
  }

  /** How many times it has connected and subscribed: a reconnect shows as a change. */
  int timesConnected() {
    return timesConnected;
  }

  public String clientId() {
    return clientId;
  }

  private void connect() {
    reconnectTimer = -1;
    // the host as server name: the broker's certificate is checked against it, and IoT Core needs it as SNI
    client.connect(config.port(), config.host(), config.host())
        .compose(connack -> {
          // a kept session's unacknowledged messages arrive right after CONNACK, before our SUBACK
          generation++;
          return subscribeAll();
        })
        .onSuccess(granted -> {
          connected = true;
          timesConnected++;
          failedAttempts = 0;
          LOG.info("upstream connected [broker: {}, client: {}, filters: {}]", config.address(), clientId, filters.size());
          presence.ifPresent(announced -> announce(announced, announced.message(Presence.UP)));
          onConnected.run();
        })
        .onFailure(e -> {
          LOG.warn("upstream connect failed [broker: {}, client: {}, reason: {}]", config.address(), clientId, e.toString());
          if (client.isConnected()) {
            client.disconnect(); // subscribed partly or refused: start over; the close handler schedules the retry
          } else {
            scheduleReconnect();
          }
        });
  }

  /** Publishes a retained announcement; an empty payload clears the topic. */
  private Future<Void> announce(Presence announced, Buffer payload) {
    return client.publish(announced.topic(), payload, MqttQoS.AT_LEAST_ONCE, false, true).mapEmpty();
  }

  private Future<Void> subscribeAll() {
    if (filters.isEmpty()) {
      return Future.succeededFuture(); // a connection that only publishes
    }
    Map<String, Integer> topics = new LinkedHashMap<>();
    filters.forEach(filter -> topics.put(filter, MqttQoS.AT_LEAST_ONCE.value()));
    return client.subscribe(topics).compose(packetId -> {
      Promise<MqttSubAckMessage> suback = Promise.promise();
      subscriptions.put(packetId, suback);
      return suback.future().timeout(10, TimeUnit.SECONDS);
    }).compose(suback -> suback.grantedQoSLevels().contains(MqttQoS.FAILURE.value())
        ? Future.failedFuture(new IllegalStateException("the broker refused a subscription: " + suback.grantedQoSLevels()))
        : Future.succeededFuture());
  }

  private void subscribed(MqttSubAckMessage suback) {
    Promise<MqttSubAckMessage> waiting = subscriptions.remove(suback.messageId());
    if (waiting != null) {
      waiting.tryComplete(suback);
    }
  }

  private void deliver(MqttPublishMessage message) {
    int arrivedOn = generation;
    lastDeliveredNanos = System.nanoTime();
    if (!autoAck && message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      unacknowledged++;
    }
    UpstreamMessage.Acknowledgement ack = () -> {
      Promise<Boolean> sent = Promise.promise();
      // the client is confined to this verticle's context; the store's callbacks come on others
      context.runOnContext(v -> sent.complete(acknowledge(message, arrivedOn)));
      return sent.future();
    };
    handler.handle(new UpstreamMessage(message.topicName(), message.payload(), message.qosLevel().value(),
        message.isDup(), ack));
  }

  private boolean acknowledge(MqttPublishMessage message, int arrivedOn) {
    if (autoAck || arrivedOn != generation || !client.isConnected() || message.qosLevel() != MqttQoS.AT_LEAST_ONCE) {
      return false;
    }
    message.ack();
    unacknowledged--;
    return true;
  }

  private void lost(String reason) {
    boolean wasConnected = connected;
    connected = false;
    generation++;
    if (drained != null) {
      // a release waits no more: what is left stays in the session, for whoever connects with this client id
      drained.tryFail(reason + " before the session was drained [unacknowledged: " + unacknowledged + "]");
    }
    unacknowledged = 0; // the broker sends them again on the next connection
    subscriptions.values().forEach(waiting -> waiting.tryFail(reason));
    subscriptions.clear();
    publishes.values().forEach(waiting -> waiting.tryFail(reason));
    publishes.clear();
    if (wasConnected && !stopped) {
      LOG.warn("upstream connection lost, {} [broker: {}, client: {}]", reconnects ? "reconnecting" : "not made again",
          config.address(), clientId);
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (stopped || reconnectTimer >= 0) {
      return;
    }
    if (!reconnects) {
      stopped = true;
      onGone.run();
      return;
    }
    long delay = RECONNECT.delayMillis(failedAttempts++);
    reconnectTimer = vertx.setTimer(delay, id -> connect());
  }
}
