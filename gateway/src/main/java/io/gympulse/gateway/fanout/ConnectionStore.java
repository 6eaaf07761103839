package io.gympulse.gateway.fanout;

import io.vertx.core.Future;
import java.util.List;

/** The {@code connections} table: where each WebSocket connection lives, for targeted delivery. */
public interface ConnectionStore {

  /** Creates or replaces a row. */
  Future<Void> put(ConnectionRecord record);

  Future<Void> delete(String connectionId);

  /** Rows of one gateway instance (e.g. left behind by a crash of a previous run with the same id). */
  Future<List<ConnectionRecord>> byInstance(String instanceId);

  /** Rows of one user's connections, on any instance. */
  Future<List<ConnectionRecord>> byUser(String userId);
}
