package io.gympulse.gateway.testing;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A plain JDK HTTP client for REST calls: independent of the gateway's Vert.x stack. */
public final class Http {

  /**
   * HTTP/1.1 only: by default the JDK client tries a cleartext HTTP/2 upgrade (h2c), which with Vert.x 5.0.7 and
   * JDK 17 intermittently never completes a ~24 KB response body (seen on {@code /openapi.yaml} under CPU
   * contention), and loads the HTTP/2 codec on the server's event loop during the first request.
   */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** A response with its body parsed as JSON when it is JSON. */
  public record Response(int status, String contentType, String text, HttpHeaders headers) {

    /** The first value of a response header, if present. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

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

  /** {@code POST path} with {@code body} as JSON. */
  public static Response postJson(int port, String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public static Response send(HttpRequest.Builder request) {
    return send(request, Duration.ofSeconds(10));
  }

  /** For a request the gateway may legitimately take longer over, e.g. one bounded by an upstream's limit. */
  public static Response send(HttpRequest.Builder request, Duration timeout) {
    try {
      HttpResponse<String> response = CLIENT.send(request.timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body(), response.headers());
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
