package io.gympulse.gateway.fanout;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.StateViews;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/** Encodes server→client WebSocket messages once, as UTF-8 bytes shared by every recipient. */
final class Messages {

  private final StateViews views;

  Messages(StateViews views) {
    this.views = views;
  }

  byte[] machine(MachineState state) {
    return encode(new JsonObject().put("type", "machine").mergeIn(views.machine(state)));
  }

  byte[] summary(String gymId, Category category, Counts counts) {
    return encode(new JsonObject().put("type", "summary").put("gymId", gymId).put("category", category.wireName())
        .mergeIn(StateViews.counts(counts)));
  }

  byte[] snapshot(Topic topic, Object data) {
    return encode(new JsonObject().put("type", "snapshot").put("topic", topic.path()).put("data", data));
  }

  static byte[] subscribed(String type, Collection<String> topics) {
    return encode(new JsonObject().put("type", type).put("topics", new JsonArray(java.util.List.copyOf(topics))));
  }

  static byte[] authenticated(String userId) {
    return encode(new JsonObject().put("type", "authenticated").put("userId", userId));
  }

  static byte[] draining(long reconnectAfterMs) {
    return encode(new JsonObject().put("type", "draining").put("reconnectAfterMs", reconnectAfterMs));
  }

  static byte[] pong() {
    return encode(new JsonObject().put("type", "pong"));
  }

  static byte[] error(String code, String message) {
    return encode(new JsonObject().put("type", "error").put("code", code).put("message", message));
  }

  private static byte[] encode(JsonObject json) {
    return json.toBuffer().getBytes();
  }
}
