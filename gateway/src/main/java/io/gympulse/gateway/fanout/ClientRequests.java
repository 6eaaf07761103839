package io.gympulse.gateway.fanout;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses client→server WebSocket frames; every malformed frame becomes a {@link ClientRequestException}. */
final class ClientRequests {

  static final int MAX_TOPICS_PER_REQUEST = 100;

  /** A well-formed request; {@code token} only for {@code auth}. */
  record Request(String action, List<String> topics, String token) {
  }

  private ClientRequests() {
  }

  static Request parse(String text, int maxBytes) throws ClientRequestException {
    if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new ClientRequestException("message_too_large", "messages are limited to " + maxBytes + " bytes");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ClientRequestException("invalid_json", "a message must be one JSON object");
    }
    if (!(json.getValue("action") instanceof String action)) {
      throw new ClientRequestException("invalid_message",
          "'action' must be a string: subscribe, unsubscribe, ping or auth");
    }
    return switch (action) {
      case "ping" -> new Request(action, List.of(), null);
      case "subscribe", "unsubscribe" -> new Request(action, topics(json), null);
      case "auth" -> {
        if (!(json.getValue("token") instanceof String token) || token.isBlank()) {
          throw new ClientRequestException("invalid_message", "'token' must be a session token (POST /sessions)");
        }
        yield new Request(action, List.of(), token);
      }
      default -> throw new ClientRequestException("unknown_action",
          "unknown action '" + action + "': expected subscribe, unsubscribe, ping or auth");
    };
  }

  private static List<String> topics(JsonObject json) throws ClientRequestException {
    if (!(json.getValue("topics") instanceof JsonArray array) || array.isEmpty()) {
      throw new ClientRequestException("invalid_message", "'topics' must be a non-empty array of strings");
    }
    if (array.size() > MAX_TOPICS_PER_REQUEST) {
      throw new ClientRequestException("too_many_topics",
          "at most " + MAX_TOPICS_PER_REQUEST + " topics per request");
    }
    List<String> topics = new ArrayList<>(array.size());
    for (Object topic : array) {
      if (!(topic instanceof String path)) {
        throw new ClientRequestException("invalid_message", "'topics' must be a non-empty array of strings");
      }
      topics.add(path);
    }
    return topics;
  }
}
