package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.fanout.ConnectionRecord;
import io.gympulse.gateway.fanout.ConnectionStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded {@link ConnectionStore}: a map; nothing survives the process. */
public final class InMemoryConnectionStore implements ConnectionStore {

  private final Map<String, ConnectionRecord> rows = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(ConnectionRecord record) {
    rows.put(record.connectionId(), record);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> delete(String connectionId) {
    rows.remove(connectionId);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<ConnectionRecord>> byInstance(String instanceId) {
    return Future.succeededFuture(rows.values().stream().filter(r -> r.instanceId().equals(instanceId)).toList());
  }

  @Override
  public Future<List<ConnectionRecord>> byUser(String userId) {
    return Future.succeededFuture(rows.values().stream()
        .filter(r -> r.userId().filter(userId::equals).isPresent()).toList());
  }
}
