package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.MutableClock;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-key and per-address rate limits: 429 with Retry-After, independent buckets, recovery, probes exempt. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitTest {

  private GuardedVertx guarded;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
  }

  @AfterEach
  void stop() {
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  private Http.Response get(String path, String apiKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path)).GET();
    return Http.send(apiKey == null ? request : request.header("X-Api-Key", apiKey));
  }

  private static String code(Http.Response response) {
    return response.<JsonObject>json().getJsonObject("error").getString("code");
  }

  /** Verifies that an address without a key is limited, told when to retry, and recovers after that wait. */
  @Test
  void addressLimitAnswers429WithRetryAfterAndRecovers() throws Exception {
    // GIVEN a gateway whose time stands still, so the bucket refills only when the test says (not while a busy
    // machine makes the 60 requests take seconds)
    MutableClock clock = new MutableClock(Instant.now());
    gateway = TestGateway.start(guarded.vertx(), Map.of("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "60"),
        Stores.inMemory(clock), clock);
    int granted = 0;
    Http.Response refused = null;
    for (int i = 0; i < 100 && refused == null; i++) {
      Http.Response response = get("/branches", null);
      if (response.status() == 429) {
        refused = response;
      } else {
        assertEquals(200, response.status());
        granted++;
      }
    }
    assertTrue(refused != null, "never limited");
    assertEquals(60, granted, "a minute's worth granted");
    assertEquals("rate_limited", code(refused));
    long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
    assertEquals(1, retryAfter, "60 a minute refills one a second");
    assertEquals(200, get("/health", null).status(), "probes are never limited");

    clock.advance(Duration.ofMillis(retryAfter * 1000 - 1));
    assertEquals(429, get("/branches", null).status(), "not before Retry-After");
    clock.advance(Duration.ofMillis(1));
    assertEquals(200, get("/branches", null).status(), "recovered after Retry-After");
  }

  /** Verifies that each API key has its own bucket, unknown keys are refused, and keys may come hashed from a file. */
  @Test
  void apiKeysHaveOwnBucketsAndUnknownKeysAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys.sha256");
    Files.writeString(file, "# partner keys\n" + RateLimiter.sha256("key-from-file") + "\n");
    gateway = TestGateway.start(guarded.vertx(), Map.of("API_KEYS", "key-a, key-b", "API_KEYS_FILE", file.toString(),
        "RATE_LIMIT_PER_KEY_PER_MINUTE", "3"), TestGateway.machineStore());

    for (int i = 0; i < 3; i++) {
      assertEquals(200, get("/branches", "key-a").status());
    }
    assertEquals(429, get("/branches", "key-a").status());
    assertEquals(200, get("/branches", "key-b").status(), "another key is not affected");
    assertEquals(200, get("/branches", "key-from-file").status(), "a key listed by its hash");
    Http.Response unknown = get("/branches", "key-z");
    assertEquals(401, unknown.status());
    assertEquals("invalid_api_key", code(unknown));
    assertEquals(200, get("/branches", null).status(), "no key: the address bucket");
  }
}
