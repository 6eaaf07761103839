package io.gympulse.gateway.rest;

import io.gympulse.gateway.chat.Assistant;
import io.gympulse.tools.Position;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /chat}: the assistant, for members asking in their own words. */
public final class ChatRoutes implements Routes {

  static final int MAX_MESSAGE_CHARS = 500;
  private static final int MAX_BODY_BYTES = 8 * 1024;
  /** The Bedrock agent's session id rule, kept in both modes so a session id works in either. */
  private static final Pattern SESSION_ID = Pattern.compile("[0-9A-Za-z._:-]{2,100}");
  private static final Logger LOG = LoggerFactory.getLogger(ChatRoutes.class);

  private final Assistant assistant;

  public ChatRoutes(Assistant assistant) {
    this.assistant = assistant;
  }

  @Override
  public void register(Router router) {
    router.post("/chat").handler(JsonBodies.limitedTo(MAX_BODY_BYTES)).handler(this::handleChat);
  }

  private void handleChat(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx, "the body must be a JSON object with a message");
    if (!(body.getValue("message") instanceof String message) || message.isBlank() || message.length() > MAX_MESSAGE_CHARS) {
      throw ApiException.badRequest("invalid_message", "message must be text of 1 to " + MAX_MESSAGE_CHARS + " characters");
    }
    Optional<Position> location = location(body.getValue("location"));
    Object session = body.getValue("sessionId");
    if (session != null && (!(session instanceof String id) || !SESSION_ID.matcher(id).matches())) {
      throw ApiException.badRequest("invalid_session", "sessionId must be 2 to 100 of A-Z a-z 0-9 . _ : -");
    }
    assistant.answer(message, location, Optional.ofNullable((String) session))
        .onSuccess(reply -> RequestLoop.write(ctx, () -> ctx.response().putHeader("Content-Type", "application/json")
            .end(reply.toBuffer())))
        .onFailure(e -> {
          LOG.warn("assistant failed [{}]", e.toString());
          ctx.fail(new ApiException(502, "assistant_unavailable",
            "the assistant could not answer just now; please try again"));
        });
  }

  private static Optional<Position> location(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof JsonObject json && json.getValue("lat") instanceof Number lat && json.getValue("lon") instanceof Number lon) {
      try {
        return Optional.of(new Position(lat.doubleValue(), lon.doubleValue()));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw ApiException.badRequest("invalid_location", "location must be {\"lat\": -90..90, \"lon\": -180..180}");
  }
}
