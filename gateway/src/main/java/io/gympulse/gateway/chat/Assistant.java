package io.gympulse.gateway.chat;

import io.gympulse.tools.Position;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Answers a member's message: {@code {reply, recommendations, toolsUsed, sessionId}}. */
public interface Assistant {

  Future<JsonObject> answer(String message, Optional<Position> location, Optional<String> sessionId);
}
