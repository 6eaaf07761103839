package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A body over a route's limit is refused with 413 {@code payload_too_large}, naming the limit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestBodyLimitTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  /** Verifies that a body over the route's limit, declared by Content-Length, is a 413 naming that limit. */
  @ParameterizedTest
  @CsvSource({"POST, /alerts, 16384", "PUT, /alerts/some-alert, 16384", "POST, /chat, 8192"})
  void declaredBodyOverLimitIsPayloadTooLarge(String method, String path, int limit) {
    // GIVEN a member session
    String token = new Alerts(gw.httpPort()).newSession();

    // WHEN a client sends one byte more than the route accepts
    Http.Response response = Http.send(request(path, token)
        .method(method, HttpRequest.BodyPublishers.ofString(body(limit + 1))));

    // THEN it is told the body is too large, and by which limit
    assertPayloadTooLarge(response, limit);
  }

  /** Verifies that a chunked body (no Content-Length) that grows over the limit is refused the same way. */
  @Test
  void chunkedBodyOverLimitIsPayloadTooLarge() {
    // GIVEN a member session
    String token = new Alerts(gw.httpPort()).newSession();

    // WHEN a client streams a body of unknown length that ends up over the 16 KiB limit
    byte[] bytes = body(40_000).getBytes(StandardCharsets.UTF_8);
    Http.Response response = Http.send(request("/alerts", token)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));

    // THEN it gets the same answer
    assertPayloadTooLarge(response, 16_384);
  }

  private static void assertPayloadTooLarge(Http.Response response, int limit) {
    assertEquals(413, response.status(), response.text());
    assertEquals("application/json", response.contentType());
    JsonObject error = response.<JsonObject>json().getJsonObject("error");
    assertEquals("payload_too_large", error.getString("code"), response.text());
    assertEquals("request body exceeds " + limit + " bytes", error.getString("message"));
  }

  /** A JSON object of exactly {@code bytes} bytes, so only its size is wrong. */
  private static String body(int bytes) {
    String shell = "{\"message\":\"\"}";
    return "{\"message\":\"" + "x".repeat(bytes - shell.length()) + "\"}";
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
  }
}
