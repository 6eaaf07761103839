package io.gympulse.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;

/** REST calls on {@code /alerts} as a given user, over the JDK HTTP client. */
public final class Alerts {

  private final int port;

  public Alerts(int port) {
    this.port = port;
  }

  private HttpRequest.Builder request(String user, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json");
    return user == null ? request : request.header("X-User-Id", user);
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
