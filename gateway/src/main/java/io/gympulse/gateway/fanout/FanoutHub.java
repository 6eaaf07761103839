package io.gympulse.gateway.fanout;

import io.gympulse.gateway.alerts.AlertDelivery;
import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.config.FanoutConfig;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateListener;
import io.gympulse.gateway.state.StateViews;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes live-state changes to WebSocket clients. Runs on the live state's writer context, so a
 * subscription's snapshot and the updates after it are ordered with the changes themselves: a client
 * never misses a change between its snapshot and its first update.
 *
 * <p>Each change is encoded once; the same bytes are queued for every subscriber, and every
 * {@code flushInterval} each client with pending messages gets one write. A client that cannot keep up
 * only grows its conflated queue (bounded by what it follows); one stuck past {@code stuckTimeout}, or
 * with more than {@code maxPendingUpdates} pending, is closed with 1013.
 *
 * <p>A graceful {@link #drain()} tells every client {@code draining}, with a reconnect delay, and closes them with
 * 1001 one after another over the drain period, so a fleet of clients does not reconnect in one spike.
 */
public final class FanoutHub implements StateListener, AlertDelivery, Component {

  private static final Logger LOG = LoggerFactory.getLogger(FanoutHub.class);
  static final short CLOSE_TRY_AGAIN_LATER = 1013;
  static final short CLOSE_GOING_AWAY = 1001;
  static final int MAX_TOPICS_PER_CONNECTION = 1000;

  private final Vertx vertx;
  private final Context context;
  private final LiveState state;
  private final Catalog catalog;
  private final StateViews views;
  private final Messages messages;
  private final FanoutConfig config;
  private final GatewayMetrics metrics;
  private final SessionTokens sessions;
  /** Decides when a blocked client is stuck and a silent one is dead. */
  private final Clock clock;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final Set<ClientConnection> dirty = new LinkedHashSet<>();
  private boolean flushScheduled;
  /** Every timer this hub set (periodic sweeps, drain closes); a stop cancels them. */
  private final List<Long> timers = new ArrayList<>();
  /** Set from any thread by {@link #drain()}; the upgrade route and {@code /ready} read it. */
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Completed on the hub's context once a drain has closed every client. */
  private final Promise<Void> drained = Promise.promise();

  /** {@code context} must be the live state's writer context. */
  public FanoutHub(Vertx vertx, Context context, LiveState state, FanoutConfig config, GatewayMetrics metrics,
      SessionTokens sessions, Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.state = state;
    this.catalog = state.catalog();
    this.views = new StateViews(state);
    this.messages = new Messages(views);
    this.config = config;
    this.metrics = metrics;
    this.sessions = sessions;
    this.clock = clock;
  }

  public ConnectionRegistry registry() {
    return registry;
  }

  /** Starts the ping and slow-client timers; call once the hub is listening to the live state. */
  @Override
  public Future<Void> start() {
    Promise<Void> started = Promise.promise();
    context.runOnContext(v -> {
      timers.add(vertx.setPeriodic(config.pingInterval().toMillis(), id -> pingAll()));
      long sweep = Math.max(10, Math.min(1_000, config.stuckTimeout().toMillis() / 4));
      timers.add(vertx.setPeriodic(sweep, id -> retryBlocked()));
      started.complete();
    });
    return started.future();
  }

  /**
   * Starts a graceful drain, from any thread: at once {@link #draining()} is true, so new upgrades are refused and
   * {@code /ready} answers 503; then, on the hub's context, every client is sent {@code draining} and client i of n is
   * closed with 1001 at i × period / n. Completes when no client is left; safe to call twice.
   */
  public Future<Void> drain() {
    if (draining.compareAndSet(false, true)) {
      context.runOnContext(v -> spreadCloses());
    }
    return drained.future();
  }

  /** True from the moment a drain began. */
  public boolean draining() {
    return draining.get();
  }

  /** Closes every client (going away) and stops timers, a drain's pending closes too; safe to call twice. */
  @Override
  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      timers.forEach(vertx::cancelTimer);
      timers.clear();
      for (ClientConnection connection : List.copyOf(registry.all())) {
        connection.close(CLOSE_GOING_AWAY, "server shutting down");
        onClosed(connection);
      }
      stopped.complete();
    });
    return stopped.future();
  }

  /**
   * Takes a freshly upgraded socket; called on the socket's own context.
   *
   * @param userId the member behind the connection, who receives their alerts on it; empty for anonymous
   */
  public void accept(ServerWebSocket socket, Optional<String> userId) {
    socket.setWriteQueueMaxSize(config.writeQueueMaxBytes());
    ClientConnection connection = new ClientConnection(UUID.randomUUID().toString(), userId, socket,
        clock.millis());
    socket.textMessageHandler(text -> {
      connection.heard(clock.millis());
      context.runOnContext(v -> onText(connection, text));
    });
    socket.binaryMessageHandler(binary -> {
      connection.heard(clock.millis());
      context.runOnContext(v -> reject(connection, new ClientRequestException("binary_not_supported",
          "send JSON text frames")));
    });
    socket.pongHandler(pong -> connection.heard(clock.millis()));
    socket.drainHandler(v -> context.runOnContext(x -> schedule(connection)));
    socket.exceptionHandler(e -> LOG.debug("WebSocket error [connection: {}, reason: {}]", connection.id(), e.toString()));
    socket.closeHandler(v -> context.runOnContext(x -> onClosed(connection)));
    context.runOnContext(v -> {
      if (draining()) {
        // upgraded just before the drain began, so not among the drained: told and closed at once
        connection.enqueueReply(Messages.draining(jitter(config.drainPeriod().toMillis())));
        closeDrained(connection);
        return;
      }
      registry.add(connection);
      metrics.webSocketConnections(1);
    });
  }

  @Override
  public void onChange(StateChange change) {
    if (registry.size() == 0) {
      return;
    }
    MachineState machine = change.current();
    Topic category = Topic.category(machine.gymId(), machine.category());
    byte[] machineMessage = messages.machine(machine);
    byte[] summaryMessage = messages.summary(machine.gymId(), machine.category(), change.categoryCounts());
    String machineKey = "m:" + machine.machineId();
    String summaryKey = "s:" + category.path();
    deliver(Topic.machine(machine.machineId()), machineKey, machineMessage);
    deliver(category, machineKey, machineMessage);
    deliver(category, summaryKey, summaryMessage);
    deliver(Topic.branch(machine.gymId()), summaryKey, summaryMessage);
    deliver(Topic.CHAIN, summaryKey, summaryMessage);
  }

  /** Alerts are replies, not state: queued in order and never conflated away. Writer context only. */
  @Override
  public int deliverToUser(String userId, byte[] message) {
    Set<ClientConnection> connections = registry.ofUser(userId);
    for (ClientConnection connection : List.copyOf(connections)) {
      reply(connection, message);
    }
    return connections.size();
  }

  private void deliver(Topic topic, String key, byte[] message) {
    for (ClientConnection connection : registry.subscribers(topic)) {
      connection.enqueueUpdate(key, message);
      schedule(connection);
    }
  }

  private void onText(ClientConnection connection, String text) {
    if (connection.isClosed()) {
      return;
    }
    try {
      ClientRequests.Request request = ClientRequests.parse(text, config.maxClientMessageBytes());
      switch (request.action()) {
        case "ping" -> reply(connection, Messages.pong());
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
    sessions.verify(token).onComplete(verified -> context.runOnContext(v -> {
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
      Topic.parse(path, catalog).ifPresentOrElse(valid::add, () -> reject(connection,
          new ClientRequestException("unknown_topic", "unknown topic '" + path + "': expected branches, "
              + "branches/{gymId}, branches/{gymId}/categories/{category} or machines/{machineId}")));
    }
    if (valid.isEmpty()) {
      return;
    }
    if (connection.topics().size() + valid.size() > MAX_TOPICS_PER_CONNECTION) {
      reject(connection, new ClientRequestException("too_many_topics",
          "a connection may follow at most " + MAX_TOPICS_PER_CONNECTION + " topics"));
      return;
    }
    List<Topic> added = registry.subscribe(connection, valid);
    connection.enqueueReply(Messages.subscribed("subscribed", valid.stream().map(Topic::path).distinct().toList()));
    for (Topic topic : added) {
      connection.enqueueReply(messages.snapshot(topic, snapshot(topic)));
    }
    schedule(connection);
  }

  private Object snapshot(Topic topic) {
    return switch (topic.kind()) {
      case CHAIN -> views.branches();
      case BRANCH -> views.branch(catalog.branch(topic.gymId()).orElseThrow());
      case CATEGORY -> views.category(topic.gymId(), topic.category());
      case MACHINE -> views.machine(state.machine(topic.machineId()).orElseThrow());
    };
  }

  private void unsubscribe(ClientConnection connection, List<String> paths) {
    List<Topic> topics = new ArrayList<>();
    for (String path : paths) {
      Topic.parse(path, catalog).ifPresent(topics::add);
    }
    registry.unsubscribe(connection, topics);
    reply(connection, Messages.subscribed("unsubscribed", paths));
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
    List<ClientConnection> batch = new ArrayList<>(dirty);
    dirty.clear();
    for (ClientConnection connection : batch) {
      int written = connection.flush(now);
      if (written > 0) {
        metrics.framesOut(written);
        if (connection.pending() > 0) {
          schedule(connection); // more than one frame's worth was pending
        }
      }
    }
  }

  /** Retries blocked clients whose drain we may have missed, and closes those stuck too long. */
  private void retryBlocked() {
    long now = clock.millis();
    for (ClientConnection connection : List.copyOf(registry.all())) {
      if (!connection.isBlocked()) {
        continue;
      }
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
        connection.close(CLOSE_GOING_AWAY, "no pong");
        onClosed(connection);
      } else {
        connection.ping();
      }
    }
  }

  private void spreadCloses() {
    List<ClientConnection> connections = List.copyOf(registry.all());
    int count = connections.size();
    long period = config.drainPeriod().toMillis();
    LOG.info("draining WebSocket clients [connections: {}, over: {} ms]", count, period);
    for (int i = 0; i < count; i++) {
      ClientConnection connection = connections.get(i);
      long closeAt = i * period / count;
      // the closes spread the disconnects; a jitter within one slot spreads the clients' reconnects the same way
      reply(connection, Messages.draining(closeAt + jitter(period / count)));
      timers.add(vertx.setTimer(Math.max(1, closeAt), id -> closeDrained(connection)));
    }
    completeDrainIfEmpty();
  }

  /** Writes what is still pending, the {@code draining} message included, then closes going away. */
  private void closeDrained(ClientConnection connection) {
    long now = clock.millis();
    for (int written = connection.flush(now); written > 0; written = connection.flush(now)) {
      metrics.framesOut(written);
    }
    connection.close(CLOSE_GOING_AWAY, "server draining");
    onClosed(connection);
  }

  private void completeDrainIfEmpty() {
    if (draining() && registry.size() == 0) {
      drained.tryComplete();
    }
  }

  private static long jitter(long bound) {
    return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
  }

  private void closeSlow(ClientConnection connection, String why) {
    LOG.info("closing slow WebSocket client [connection: {}, reason: {}]", connection.id(), why);
    metrics.slowClientClosed();
    connection.close(CLOSE_TRY_AGAIN_LATER, "client too slow");
    onClosed(connection);
  }

  private void onClosed(ClientConnection connection) {
    dirty.remove(connection);
    if (registry.remove(connection)) {
      metrics.webSocketConnections(-1);
    }
    completeDrainIfEmpty();
  }
}
