package io.gympulse.gateway.testing;

import io.vertx.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK HTTP client for REST calls: independent of the gateway's Vert.x stack. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A response with its body parsed as JSON when it is JSON. */
  public record Response(int status, String contentType, String text) {

    /** The body as a JsonObject or JsonArray. */
    @SuppressWarnings("unchecked")
    public <T> T json() {
      return (T) Json.decodeValue(text);
    }
  }

  private Http() {
  }

  public static Response get(int port, String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET());
  }

  public static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
