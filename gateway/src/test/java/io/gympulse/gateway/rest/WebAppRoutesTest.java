package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.RawHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web app's page and files over plain HTTP: types, security headers, revalidation, and the API's errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebAppRoutesTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "5"));

  /** Verifies that {@code /} is the app's HTML page with its content security policy and no-sniff header. */
  @Test
  void rootServesThePageWithItsSecurityHeaders() {
    Http.Response page = Http.get(gw.httpPort(), "/");

    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.text().contains("<script type=\"module\" src=\"app/main.js\"></script>"), page.text());
    assertEquals(WebAppRoutes.CONTENT_SECURITY_POLICY, page.header("Content-Security-Policy").orElseThrow());
    assertEquals("nosniff", page.header("X-Content-Type-Options").orElseThrow());
    assertEquals("no-cache", page.header("Cache-Control").orElseThrow());
  }

  /** Verifies that the app's files come with their types and are revalidated: a second fetch is a 304. */
  @Test
  void filesHaveTheirTypesAndRevalidateWithNotModified() {
    for (Map.Entry<String, String> file : Map.of("/app/main.js", "text/javascript", "/app/app.css", "text/css",
        "/app/icon.svg", "image/svg+xml", "/app/views/overview.js", "text/javascript").entrySet()) {
      Http.Response first = Http.get(gw.httpPort(), file.getKey());
      assertEquals(200, first.status(), file.getKey());
      assertTrue(first.contentType().startsWith(file.getValue()), file.getKey() + ": " + first.contentType());
      assertEquals("no-cache", first.header("Cache-Control").orElseThrow(), file.getKey());

      Http.Response again = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + file.getKey()))
          .header("If-Modified-Since", first.header("Last-Modified").orElseThrow()).GET());
      assertEquals(304, again.status(), file.getKey());
    }
  }

  /** Verifies that a missing file, a path out of the app's folder and a POST get the API's JSON errors. */
  @Test
  void missingFilesAndOtherMethodsGetTheApisJsonErrors() {
    for (String path : List.of("/app/missing.js", "/app/../openapi.yaml.js", "/app/%2e%2e/logback.xml")) {
      RawHttp.Response missing = RawHttp.exchange(gw.httpPort(), "GET", path);
      assertEquals(404, missing.status(), path);
      assertEquals("not_found", errorCode(missing), path);
    }

    RawHttp.Response posted = RawHttp.exchange(gw.httpPort(), "POST", "/app/main.js");
    assertEquals(405, posted.status());
    assertEquals(List.of("GET, HEAD, OPTIONS"), posted.headers().get("allow"));
    assertEquals("method_not_allowed", errorCode(posted));
  }

  /** Verifies that loading the app does not spend the address's rate limit, which stays for the API. */
  @Test
  void pageLoadsAreNotRateLimitedButTheApiStillIs() {
    // GIVEN a limit of 5 API requests a minute per address
    // WHEN the page and its files are fetched more often than that
    for (int load = 0; load < 4; load++) {
      for (String path : List.of("/", "/app/main.js", "/app/app.css")) {
        assertEquals(200, Http.get(gw.httpPort(), path).status(), path);
      }
    }
    // THEN the API still has its 5 requests, and the 6th is limited
    for (int request = 0; request < 5; request++) {
      assertEquals(200, Http.get(gw.httpPort(), "/branches").status());
    }
    assertEquals(429, Http.get(gw.httpPort(), "/branches").status());
  }

  private static String errorCode(RawHttp.Response response) {
    return new JsonObject(Buffer.buffer(response.body())).getJsonObject("error").getString("code");
  }
}
