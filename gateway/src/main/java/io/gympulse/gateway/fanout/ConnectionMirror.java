package io.gympulse.gateway.fanout;

import io.gympulse.gateway.lifecycle.Component;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors this instance's WebSocket connections to the {@code connections} table: a row on connect (with
 * {@code instanceId}, {@code userId} when known, topics, {@code connectedAt}), updated topics, deletion on
 * close, and a TTL refreshed while the connection lives so rows of a crashed instance expire by
 * themselves. Every write is fire-and-forget: a failing mirror is logged and counted, never felt by
 * delivery.
 */
public final class ConnectionMirror implements ConnectionListener, Component {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionMirror.class);
  /** Rows live this long without a refresh; refreshed every third of it. */
  static final Duration ROW_TTL = Duration.ofHours(1);

  private final Vertx vertx;
  private final ConnectionStore store;
  private final String instanceId;
  private final Clock clock;
  private final Map<String, ConnectionRecord> rows = new ConcurrentHashMap<>();
  /** Per connection, the last write issued: writes of one row are chained so a delete never overtakes its put. */
  private final Map<String, Future<Void>> lastWrite = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private long refreshTimer = -1;

  public ConnectionMirror(Vertx vertx, ConnectionStore store, String instanceId, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  /** Removes rows a previous run of this instance left behind, then starts refreshing TTLs. */
  @Override
  public Future<Void> start() {
    refreshTimer = vertx.setPeriodic(ROW_TTL.toMillis() / 3, id -> refreshAll());
    return store.byInstance(instanceId).compose(stale -> {
      List<Future<Void>> deletions = new ArrayList<>();
      stale.stream().filter(row -> !rows.containsKey(row.connectionId()))
          .forEach(row -> deletions.add(store.delete(row.connectionId())));
      if (!stale.isEmpty()) {
        LOG.info("removed stale connection rows of this instance [instance: {}, rows: {}]", instanceId, deletions.size());
      }
      return Future.all(deletions).<Void>mapEmpty();
    }).recover(e -> {
      failed("stale-row cleanup", instanceId, e);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(refreshTimer);
    return Future.succeededFuture();
  }

  /** Mirror writes that failed so far. */
  public long failures() {
    return failures.get();
  }

  @Override
  public void opened(String connectionId, Optional<String> userId) {
    ConnectionRecord row = new ConnectionRecord(connectionId, instanceId, userId, Set.of(), clock.millis(),
        expiry());
    rows.put(connectionId, row);
    write(row);
  }

  @Override
  public void topicsChanged(String connectionId, Set<String> topics) {
    ConnectionRecord row = rows.computeIfPresent(connectionId, (id, current) -> current.withTopics(topics));
    if (row != null) {
      write(row);
    }
  }

  @Override
  public void userBound(String connectionId, String userId) {
    ConnectionRecord row = rows.computeIfPresent(connectionId, (id, current) -> current.withUser(userId));
    if (row != null) {
      write(row);
    }
  }

  @Override
  public void closed(String connectionId) {
    if (rows.remove(connectionId) != null) {
      chain(connectionId, "delete", () -> store.delete(connectionId));
    }
  }

  private void refreshAll() {
    long expiresAt = expiry();
    rows.replaceAll((id, row) -> row.expiringAt(expiresAt));
    rows.values().forEach(this::write);
  }

  private void write(ConnectionRecord row) {
    chain(row.connectionId(), "put", () -> store.put(row));
  }

  private void chain(String connectionId, String operation, Supplier<Future<Void>> write) {
    Future<Void> issued = lastWrite.compute(connectionId, (id, previous) ->
        (previous == null ? Future.<Void>succeededFuture() : previous).eventually(() -> write.get()
            .recover(e -> {
              failed(operation, connectionId, e);
              return Future.succeededFuture();
            })));
    issued.onComplete(done -> lastWrite.remove(connectionId, issued));
  }

  private long expiry() {
    return clock.millis() / 1000 + ROW_TTL.toSeconds();
  }

  private void failed(String operation, String subject, Throwable e) {
    failures.incrementAndGet();
    LOG.warn("connection mirror write failed [operation: {}, subject: {}, reason: {}]", operation, subject, e.toString());
  }
}
