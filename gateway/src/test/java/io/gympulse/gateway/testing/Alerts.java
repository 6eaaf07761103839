package io.gympulse.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;

/** Member sessions and REST calls on {@code /alerts} with their tokens, over the JDK HTTP client. */
public final class Alerts {

  private final int port;

  public Alerts(int port) {
    this.port = port;
  }

  /** A new anonymous member: {@code POST /sessions}; returns the session token. */
  public String newSession() {
    Http.Response response = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sessions"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.status() != 201) {
      throw new AssertionError("POST /sessions: " + response.status() + " " + response.text());
    }
    return response.<JsonObject>json().getString("token");
  }

  private HttpRequest.Builder request(String token, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json");
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  public Http.Response create(String user, JsonObject body) {
    return createRaw(user, body.encode());
  }

  public Http.Response createRaw(String user, String body) {
    return Http.send(request(user, "/alerts").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Http.Response list(String user) {
    return Http.send(request(user, "/alerts").GET());
  }

  public Http.Response update(String user, String alertId, JsonObject body) {
    return Http.send(request(user, "/alerts/" + alertId).PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public Http.Response delete(String user, String alertId) {
    return Http.send(request(user, "/alerts/" + alertId).DELETE());
  }
}
