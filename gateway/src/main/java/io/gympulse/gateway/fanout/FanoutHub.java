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
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes live-state changes to WebSocket clients, on every event loop that serves them. The hub runs on the live
 * state's writer context: it encodes each change once and hands it, as one task, to each {@link FanoutShard} (one per
 * event loop holding connections), which queues it for its own subscribers and writes on its own thread. Because the
 * hub is where changes are ordered, requests whose answers must fit into that order (a subscription's snapshot,
 * unsubscribe, ping) pass through it on their way back to their shard: a client never misses a change between its
 * snapshot and its first update, and never gets one twice.
 *
 * <p>A client that cannot keep up only grows its conflated queue (bounded by what it follows); one stuck past
 * {@code stuckTimeout}, or with more than {@code maxPendingUpdates} pending, is closed with 1013.
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
  private final Context writer;
  private final LiveState state;
  private final Catalog catalog;
  private final StateViews views;
  private final Messages messages;
  private final FanoutConfig config;
  private final GatewayMetrics metrics;
  private final SessionTokens sessions;
  private final Clock clock;
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  /**
   * One shard per event loop that has accepted a connection, created on that loop. Keyed by the loop's thread: a
   * request's context is a duplicate of its verticle's, one per request, while the loop is what the sockets share.
   */
  private final Map<Thread, FanoutShard> shardsByLoop = new ConcurrentHashMap<>();
  private final List<FanoutShard> shards = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final TopicTable topics;
  /** Set from any thread by {@link #drain()}; the upgrade route and {@code /ready} read it. */
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean stopped;

  /** {@code writer} must be the live state's writer context. */
  public FanoutHub(Vertx vertx, Context writer, LiveState state, FanoutConfig config, GatewayMetrics metrics,
      SessionTokens sessions, Clock clock) {
    this.vertx = vertx;
    this.writer = writer;
    this.state = state;
    this.catalog = state.catalog();
    this.views = new StateViews(state);
    this.messages = new Messages(views);
    this.config = config;
    this.metrics = metrics;
    this.sessions = sessions;
    this.clock = clock;
    this.topics = new TopicTable(catalog);
  }

  /** Told when connections open, change topics, authenticate and close (on their event loop). */
  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  /** Open WebSocket connections, from any thread. */
  public int connectionCount() {
    return connections.get();
  }

  void connectionsChanged(int delta) {
    connections.addAndGet(delta);
    metrics.webSocketConnections(delta);
  }

  /** Shards start their timers as they are created, on their own loops. */
  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  /**
   * Starts a graceful drain, from any thread: at once {@link #draining()} is true, so new upgrades are refused and
   * {@code /ready} answers 503; then every shard tells its clients {@code draining} and closes client i of n with 1001
   * at i × period / n. Completes when no client is left; safe to call twice.
   */
  public Future<Void> drain() {
    draining.set(true);
    List<FanoutShard> all = List.copyOf(shards);
    int total = all.stream().mapToInt(FanoutShard::open).sum();
    List<Future<Void>> drained = new ArrayList<>();
    int firstSlot = 0;
    for (FanoutShard shard : all) {
      int first = firstSlot;
      Promise<Void> done = Promise.promise();
      shard.later(() -> shard.drain(first, total).onComplete(done));
      drained.add(done.future());
      firstSlot += shard.open();
    }
    return Future.all(drained).mapEmpty();
  }

  /** True from the moment a drain began. */
  public boolean draining() {
    return draining.get();
  }

  /** Closes every client (going away) and stops timers, a drain's pending closes too; safe to call twice. */
  @Override
  public Future<Void> stop() {
    stopped = true;
    List<Future<Void>> closed = new ArrayList<>();
    for (FanoutShard shard : shards) {
      Promise<Void> done = Promise.promise();
      shard.later(() -> {
        shard.stop();
        done.complete();
      });
      closed.add(done.future());
    }
    return Future.all(closed).mapEmpty();
  }

  /**
   * Takes a freshly upgraded socket; called on the socket's own context, whose shard takes it over.
   *
   * @param channel the socket's Netty channel, which its frames are written to
   * @param userId the member behind the connection, who receives their alerts on it; empty for anonymous
   */
  public void accept(ServerWebSocket socket, Channel channel, Optional<String> userId) {
    Context here = Vertx.currentContext();
    if (here == null || !here.isEventLoopContext()) {
      throw new IllegalStateException("a WebSocket is handed over on its own event loop");
    }
    FanoutShard shard = shardsByLoop.computeIfAbsent(Thread.currentThread(), loop -> {
      FanoutShard created = new FanoutShard(vertx, here, this, topics, config, metrics, sessions, clock, listeners);
      created.start();
      if (draining()) {
        created.drain(0, 0);
      }
      shards.add(created);
      LOG.info("fan-out shard started [loop: {}, shards: {}]", loop.getName(), shards.size());
      return created;
    });
    if (stopped) {
      socket.close(CLOSE_GOING_AWAY, "server shutting down");
      return;
    }
    shard.accept(socket, channel, userId);
  }

  @Override
  public void onChange(StateChange change) {
    if (connections.get() == 0) {
      return;
    }
    MachineState machine = change.current();
    Topic category = topics.category(machine.gymId(), machine.category());
    FanoutShard.Update update = new FanoutShard.Update(topics.machine(machine.machineId()), category,
        topics.branch(machine.gymId()), topics.machineKey(machine.machineId()), messages.machine(machine),
        topics.summaryKey(category), messages.summary(machine.gymId(), machine.category(), change.categoryCounts()));
    for (FanoutShard shard : shards) {
      shard.later(() -> shard.publish(update));
    }
  }

  /** Alerts go to every shard, where the user's connections are found; on the writer context. */
  @Override
  public void deliverToUser(String userId, byte[] message) {
    for (FanoutShard shard : shards) {
      shard.later(() -> shard.deliverToUser(userId, message));
    }
  }

  /** Runs {@code action} on {@code shard} after every change the hub has handed out so far. */
  void inOrder(FanoutShard shard, Runnable action) {
    writer.runOnContext(v -> shard.later(action));
  }

  /** Takes the snapshots of {@code topics} in the hub's order and hands them to {@code shard}. */
  void snapshots(FanoutShard shard, List<Topic> topics, Consumer<Map<Topic, byte[]>> taken) {
    writer.runOnContext(v -> {
      Map<Topic, byte[]> snapshots = new HashMap<>();
      for (Topic topic : topics) {
        snapshots.computeIfAbsent(topic, t -> messages.snapshot(t, snapshot(t)));
      }
      shard.later(() -> taken.accept(snapshots));
    });
  }

  private Object snapshot(Topic topic) {
    return switch (topic.kind()) {
      case CHAIN -> views.branches();
      case BRANCH -> views.branch(catalog.branch(topic.gymId()).orElseThrow());
      case CATEGORY -> views.category(topic.gymId(), topic.category());
      case MACHINE -> views.machine(state.machine(topic.machineId()).orElseThrow());
    };
  }
}
