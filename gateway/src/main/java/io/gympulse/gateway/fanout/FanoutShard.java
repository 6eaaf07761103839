package io.gympulse.gateway.fanout;

import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.config.FanoutConfig;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket connections of one event loop, and all that is done with them on that loop: updates and alerts the
 * hub hands over are queued per connection, and every {@code flushInterval} each connection with something pending
 * gets one write, on the socket's own thread (a write is a write, not a task sent to another thread), of a frame
 * encoded straight into a pooled buffer ({@link Frames#encoded}). It also pings, closes slow and silent clients, and
 * drains.
 *
 * <p>Confined to its context. The hub reaches it only through tasks on that context, which run in the order the hub
 * sent them; requests whose answer must be ordered with the updates (subscribe, unsubscribe, ping) go to the hub and
 * come back the same way, so a subscription's snapshot and the updates after it have no gap and no duplicate.
 */
final class FanoutShard {

  private static final Logger LOG = LoggerFactory.getLogger(FanoutShard.class);

  private final Vertx vertx;
  private final Context context;
  private final FanoutHub hub;
  private final TopicTable topics;
  private final FanoutConfig config;
  private final GatewayMetrics metrics;
  private final SessionTokens sessions;
  private final Clock clock;
  private final ConnectionRegistry registry;
  /** Connections with something to write at the next flush; two lists swapped, so a flush allocates nothing. */
  private List<ClientConnection> dirty = new ArrayList<>();
  private List<ClientConnection> flushing = new ArrayList<>();
  private boolean flushScheduled;
  private final Frames frames = new Frames();
  /** What a blocked connection calls, from its channel, once its backlog is written: one callback for all. */
  private final Consumer<ClientConnection> backlogWritten = connection -> later(() -> schedule(connection));
  /** Every timer this shard set (periodic sweeps, drain closes); a stop cancels them. */
  private final List<Long> timers = new ArrayList<>();
  private boolean draining;
  /** Open connections, readable from any thread (the hub spreads a drain's closes by it). */
  private volatile int open;
  /** Completed once a drain has closed every connection of this shard. */
  private final Promise<Void> drained = Promise.promise();

  FanoutShard(Vertx vertx, Context context, FanoutHub hub, TopicTable topics, FanoutConfig config, GatewayMetrics metrics,
      SessionTokens sessions, Clock clock, List<ConnectionListener> listeners) {
    this.vertx = vertx;
    this.context = context;
    this.hub = hub;
    this.topics = topics;
    this.config = config;
    this.metrics = metrics;
    this.sessions = sessions;
    this.clock = clock;
    this.registry = new ConnectionRegistry(listeners);
  }

  Context context() {
    return context;
  }

  /** Open connections, from any thread. */
  int open() {
    return open;
  }

  /** Runs {@code action} on this shard's context, after every task sent to it before. */
  void later(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  /** Starts the ping and slow-client timers; on this shard's context. */
  void start() {
    timers.add(vertx.setPeriodic(config.pingInterval().toMillis(), id -> pingAll()));
    long sweep = Math.max(10, Math.min(1_000, config.stuckTimeout().toMillis() / 4));
    timers.add(vertx.setPeriodic(sweep, id -> retryBlocked()));
  }

  /** Closes every connection (going away) and cancels the timers, a drain's pending closes too. */
  void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    for (ClientConnection connection : List.copyOf(registry.all())) {
      connection.close(FanoutHub.CLOSE_GOING_AWAY, "server shutting down");
      onClosed(connection);
    }
  }

  /** Takes a freshly upgraded socket, and the channel under it, whose context is this shard's. */
  void accept(ServerWebSocket socket, Channel channel, Optional<String> userId) {
    socket.setWriteQueueMaxSize(config.writeQueueMaxBytes());
    ClientConnection connection = new ClientConnection(UUID.randomUUID().toString(), userId, socket, channel,
        clock.millis());
    socket.textMessageHandler(text -> {
      connection.heard(clock.millis());
      onText(connection, text);
    });
    socket.binaryMessageHandler(binary -> {
      connection.heard(clock.millis());
      reject(connection, new ClientRequestException("binary_not_supported", "send JSON text frames"));
    });
    socket.pongHandler(pong -> connection.heard(clock.millis()));
    // no drainHandler: frames go to the channel, not through the socket's queue, so the socket never fills; a blocked
    // connection is told when its channel has written its backlog (ClientConnection.flush)
    socket.exceptionHandler(FanoutShard::socketFailed); // one handler for all: a lambda per connection costs 24 B
    socket.closeHandler(v -> onClosed(connection));
    if (draining) {
      // upgraded just before the drain began, so not among the drained: told and closed at once
      connection.enqueueReply(Messages.draining(jitter(config.drainPeriod().toMillis())));
      closeDrained(connection);
      return;
    }
    registry.add(connection);
    open = registry.size();
    hub.connectionsChanged(1);
  }

  /** The socket's close handler follows and cleans up; the cause is worth a debug line. */
  private static void socketFailed(Throwable e) {
    LOG.debug("WebSocket error [reason: {}]", e.toString());
  }

  // ---- from the hub, in its order ----

  /** Queues one change for the subscribers of its topics. */
  void publish(Update update) {
    deliver(update.machineTopic(), update.machineKey(), update.machineMessage());
    deliver(update.categoryTopic(), update.machineKey(), update.machineMessage());
    deliver(update.categoryTopic(), update.summaryKey(), update.summaryMessage());
    deliver(update.branchTopic(), update.summaryKey(), update.summaryMessage());
    deliver(Topic.CHAIN, update.summaryKey(), update.summaryMessage());
  }

  /** Alerts are replies, not state: queued in order and never conflated away. */
  void deliverToUser(String userId, byte[] message) {
    for (ClientConnection connection : List.copyOf(registry.ofUser(userId))) {
      reply(connection, message);
    }
  }

  private void deliver(Topic topic, String key, byte[] message) {
    int conflated = 0;
    for (ClientConnection connection : registry.subscribers(topic)) {
      if (connection.enqueueUpdate(key, message)) {
        conflated++;
      }
      schedule(connection);
    }
    if (conflated > 0) {
      metrics.updatesConflated(conflated);
    }
  }

  // ---- client requests ----

  private void onText(ClientConnection connection, String text) {
    if (connection.isClosed()) {
      return;
    }
    try {
      ClientRequests.Request request = ClientRequests.parse(text, config.maxClientMessageBytes());
      switch (request.action()) {
        case "ping" -> hub.inOrder(this, () -> reply(connection, Messages.pong()));
        case "auth" -> authenticate(connection, request.token());
        case "subscribe" -> subscribe(connection, request.topics());
        default -> unsubscribe(connection, request.topics());
      }
    } catch (ClientRequestException e) {
      reject(connection, e);
    }
  }

  /** In-band authentication, for clients that cannot put the token in the URL; binds the connection once. */
  private void authenticate(ClientConnection connection, String token) {
    sessions.verify(token).onComplete(verified -> later(() -> {
      if (connection.isClosed()) {
        return;
      }
      if (verified.failed()) {
        reject(connection, new ClientRequestException("invalid_token", verified.cause().getMessage()));
      } else if (connection.userId().filter(user -> !user.equals(verified.result())).isPresent()) {
        reject(connection, new ClientRequestException("already_authenticated", "this connection belongs to another member"));
      } else {
        if (connection.userId().isEmpty()) {
          registry.bindUser(connection, verified.result());
        }
        reply(connection, Messages.authenticated(verified.result()));
      }
    }));
  }

  private void subscribe(ClientConnection connection, List<String> paths) {
    List<Topic> valid = new ArrayList<>();
    for (String path : paths) {
      topics.parse(path).ifPresentOrElse(valid::add, () -> reject(connection,
          new ClientRequestException("unknown_topic", "unknown topic '" + path + "': expected branches, "
              + "branches/{gymId}, branches/{gymId}/categories/{category} or machines/{machineId}")));
    }
    if (valid.isEmpty()) {
      return;
    }
    if (connection.topicCount() + valid.size() > FanoutHub.MAX_TOPICS_PER_CONNECTION) {
      reject(connection, new ClientRequestException("too_many_topics",
          "a connection may follow at most " + FanoutHub.MAX_TOPICS_PER_CONNECTION + " topics"));
      return;
    }
    // the snapshots are taken in the hub's order: every change before them is in them, every change after follows
    hub.snapshots(this, valid, snapshots -> {
      if (connection.isClosed()) {
        return;
      }
      List<Topic> added = registry.subscribe(connection, valid);
      connection.enqueueReply(Messages.subscribed("subscribed", valid.stream().map(Topic::path).distinct().toList()));
      for (Topic topic : added) {
        connection.enqueueReply(snapshots.get(topic));
      }
      schedule(connection);
    });
  }

  private void unsubscribe(ClientConnection connection, List<String> paths) {
    List<Topic> leaving = new ArrayList<>();
    for (String path : paths) {
      topics.parse(path).ifPresent(leaving::add);
    }
    hub.inOrder(this, () -> {
      registry.unsubscribe(connection, leaving);
      reply(connection, Messages.subscribed("unsubscribed", paths));
    });
  }

  private void reject(ClientConnection connection, ClientRequestException error) {
    metrics.clientFrameRejected(error.code());
    LOG.debug("refused client frame [connection: {}, code: {}]", connection.id(), error.code());
    reply(connection, Messages.error(error.code(), error.getMessage()));
  }

  private void reply(ClientConnection connection, byte[] message) {
    connection.enqueueReply(message);
    schedule(connection);
  }

  // ---- writing ----

  private void schedule(ClientConnection connection) {
    if (connection.isClosed()) {
      return;
    }
    if (connection.pending() > config.maxPendingUpdates()) {
      closeSlow(connection, "more than " + config.maxPendingUpdates() + " pending updates");
      return;
    }
    if (connection.markDirty()) {
      dirty.add(connection);
    }
    if (!flushScheduled) {
      flushScheduled = true;
      vertx.setTimer(config.flushInterval().toMillis(), id -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    long now = clock.millis();
    List<ClientConnection> batch = dirty;
    dirty = flushing;
    flushing = batch;
    for (int i = 0; i < batch.size(); i++) {
      ClientConnection connection = batch.get(i);
      int written = connection.flush(now, frames, backlogWritten);
      if (written > 0) {
        metrics.framesOut(written);
        if (connection.pending() > 0) {
          schedule(connection); // more than one frame's worth was pending
        }
      }
    }
    batch.clear();
  }

  /** Retries blocked clients whose drain we may have missed, and closes those stuck too long. */
  private void retryBlocked() {
    List<ClientConnection> blocked = null; // usually none, and then the sweep makes no list
    for (ClientConnection connection : registry.all()) {
      if (connection.isBlocked()) {
        if (blocked == null) {
          blocked = new ArrayList<>();
        }
        blocked.add(connection);
      }
    }
    if (blocked == null) {
      return;
    }
    long now = clock.millis();
    for (ClientConnection connection : blocked) {
      if (now - connection.blockedSinceMillis() > config.stuckTimeout().toMillis()) {
        closeSlow(connection, "unwritable for more than " + config.stuckTimeout().toMillis() + " ms");
      } else {
        schedule(connection);
      }
    }
  }

  private void pingAll() {
    long deadline = clock.millis() - 2 * config.pingInterval().toMillis();
    for (ClientConnection connection : List.copyOf(registry.all())) {
      if (connection.lastHeardMillis() < deadline) {
        LOG.debug("closing silent WebSocket peer [connection: {}]", connection.id());
        connection.close(FanoutHub.CLOSE_GOING_AWAY, "no pong");
        onClosed(connection);
      } else {
        connection.ping();
      }
    }
  }

  // ---- draining and closing ----

  /**
   * Tells every connection {@code draining} and closes them with 1001 one after another. The hub gives each shard its
   * slots among all connections of the gateway: connection i of this shard closes at (first + i) × period / total, so
   * the closes of all shards together are spread evenly over the drain period.
   */
  Future<Void> drain(int firstSlot, int totalSlots) {
    draining = true;
    List<ClientConnection> connections = List.copyOf(registry.all());
    int total = Math.max(totalSlots, firstSlot + connections.size());
    long period = config.drainPeriod().toMillis();
    for (int i = 0; i < connections.size(); i++) {
      ClientConnection connection = connections.get(i);
      long closeAt = (firstSlot + i) * period / total;
      // the closes spread the disconnects; a jitter within one slot spreads the clients' reconnects the same way
      reply(connection, Messages.draining(closeAt + jitter(period / total)));
      timers.add(vertx.setTimer(Math.max(1, closeAt), id -> closeDrained(connection)));
    }
    completeDrainIfEmpty();
    return drained.future();
  }

  /** Writes what is still pending, the {@code draining} message included, then closes going away. */
  private void closeDrained(ClientConnection connection) {
    long now = clock.millis();
    for (int written = connection.flush(now, frames, backlogWritten); written > 0;
        written = connection.flush(now, frames, backlogWritten)) {
      metrics.framesOut(written);
    }
    connection.close(FanoutHub.CLOSE_GOING_AWAY, "server draining");
    onClosed(connection);
  }

  private void completeDrainIfEmpty() {
    if (draining && registry.size() == 0) {
      drained.tryComplete();
    }
  }

  private static long jitter(long bound) {
    return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
  }

  private void closeSlow(ClientConnection connection, String why) {
    LOG.info("closing slow WebSocket client [connection: {}, reason: {}]", connection.id(), why);
    metrics.slowClientClosed();
    connection.close(FanoutHub.CLOSE_TRY_AGAIN_LATER, "client too slow");
    onClosed(connection);
  }

  /** Forgets a closed connection; a flush skips it if it is still in the dirty list. */
  private void onClosed(ClientConnection connection) {
    if (registry.remove(connection)) {
      open = registry.size();
      hub.connectionsChanged(-1);
    }
    completeDrainIfEmpty();
  }

  /**
   * One change, encoded once by the hub and shared by every shard and subscriber.
   *
   * @param machineKey conflation key of the machine's updates (latest per machine wins)
   * @param summaryKey conflation key of its category summary
   */
  record Update(Topic machineTopic, Topic categoryTopic, Topic branchTopic, String machineKey, byte[] machineMessage,
      String summaryKey, byte[] summaryMessage) {
  }
}
