package io.gympulse.gateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * Hostile REST and WebSocket input: every route of {@code /openapi.yaml} with bad path parameters, wrong
 * query types and junk bodies, and a WebSocket flood of malformed frames. Never a 5xx, never a hang,
 * errors are JSON, and a well-behaved client is still served afterwards.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpAndWebSocketFuzzTest {

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final String[] HOSTILE = {"", "..", "%2e%2e%2f", "x".repeat(3000), "%00", "\u00e9\u4e2d\ud83d\ude00",
      "'; DROP TABLE alerts;--", "<script>", "-1", "99999999999999999999", "NaN", "null", "%ZZ", "a/b"};
  private static final String[] QUERY_VALUES = {"abc", "-5", "1e309", "", "2026-13-45T99:99:99Z", "%00", "9".repeat(40),
      "true", "[]"};

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000"));

  // fields, not locals: a client only a local variable holds can be collected mid-test
  private WsProbe attacker;
  private WsProbe bystander;

  @AfterEach
  void closeClients() {
    for (WsProbe probe : new WsProbe[] {attacker, bystander}) {
      if (probe != null) {
        probe.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> documentedRoutes() {
    Map<String, Object> document = new Yaml().load(Http.get(gw.httpPort(), "/openapi.yaml").text());
    return new TreeMap<>((Map<String, Map<String, Object>>) document.get("paths"));
  }

  private static String fill(String path, String value) {
    Matcher params = PARAM.matcher(path);
    return params.replaceAll(m -> Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
  }

  /** Verifies that no generated request to any documented route gets a 5xx or a non-JSON error. */
  @Test
  void everyDocumentedRouteSurvivesHostileRequests() {
    Random random = new Random(42);
    String token = new Alerts(gw.httpPort()).newSession();
    Map<Integer, Integer> outcomes = new TreeMap<>();
    int requests = 0;
    for (Map.Entry<String, Map<String, Object>> route : documentedRoutes().entrySet()) {
      if (route.getKey().equals("/ws")) {
        continue; // the WebSocket is fuzzed below
      }
      for (String method : route.getValue().keySet()) {
        List<HttpRequest.Builder> cases = new ArrayList<>();
        for (String value : HOSTILE) {
          cases.add(request(fill(route.getKey(), value), method, junkBody(random), token));
        }
        String realistic = fill(route.getKey(), "hk-central-caine").replace("/categories/hk-central-caine", "/categories/legs");
        for (String value : QUERY_VALUES) {
          String query = "?from=" + enc(value) + "&to=" + enc(value) + "&limit=" + enc(value) + "&minutes=" + enc(value)
              + "&cursor=" + enc(value);
          cases.add(request(realistic + query, method, junkBody(random), random.nextBoolean() ? token : "forged." + value));
        }
        for (HttpRequest.Builder request : cases) {
          Http.Response response = Http.send(request);
          requests++;
          outcomes.merge(response.status(), 1, Integer::sum);
          String where = method.toUpperCase() + " " + route.getKey() + " -> " + response.status() + " " + response.text();
          assertTrue(response.status() < 500, where);
          if (response.status() >= 400) {
            assertTrue(response.contentType().startsWith("application/json"), where);
            JsonObject error = response.<JsonObject>json().getJsonObject("error");
            assertTrue(error.getString("code") != null && error.getString("message") != null, where);
          }
        }
      }
    }
    assertEquals(200, Http.get(gw.httpPort(), "/branches").status(), "still serving");
    System.out.printf("REST fuzz: %d requests over %d documented paths; status counts %s%n", requests,
        documentedRoutes().size() - 1, outcomes);
  }

  private HttpRequest.Builder request(String pathAndQuery, String method, String body, String token) {
    URI uri;
    try {
      uri = URI.create("http://127.0.0.1:" + gw.httpPort() + pathAndQuery);
    } catch (IllegalArgumentException unencodable) {
      uri = URI.create("http://127.0.0.1:" + gw.httpPort() + pathAndQuery.replaceAll("[^A-Za-z0-9/?&=._-]", "_"));
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    return switch (method) {
      case "post" -> builder.POST(HttpRequest.BodyPublishers.ofString(body));
      case "put" -> builder.PUT(HttpRequest.BodyPublishers.ofString(body));
      case "delete" -> builder.DELETE();
      default -> builder.GET();
    };
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String junkBody(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> "";
      case 1 -> "{";
      case 2 -> "[1,2,3]";
      case 3 -> new JsonObject().put("machineId", random.nextInt()).put("quietHours", "always").encode();
      case 4 -> new JsonObject().put("gymId", new JsonArray().add(1)).put("category", new JsonObject()).encode();
      case 5 -> "x".repeat(20_000 + random.nextInt(20_000)); // over the 16 KiB body limit
      default -> new JsonObject().put("machineId", "legpress-centralc-01").put("expiresInMinutes", "soon")
          .put("oneShot", 3).encode();
    };
  }

  /**
   * Verifies that every malformed WebSocket frame of a flood gets exactly one error naming what is wrong, counted
   * by code, that the flooding connection stays usable, and that others are still served.
   */
  @Test
  void webSocketFloodOfBadFramesIsSurvived() {
    // GIVEN a client that sends 2,000 malformed frames of six kinds, then an oversized one, then a ping
    Random random = new Random(11);
    attacker = WsProbe.connect(gw.vertx(), gw.httpPort());
    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 0; i < 2_000; i++) {
      String code = switch (i % 6) {
        case 0 -> {
          attacker.sendText("{" + "\"".repeat(random.nextInt(10)));
          yield "invalid_json";
        }
        case 1 -> {
          attacker.sendBinary(Buffer.buffer(new byte[] {(byte) random.nextInt(), 1, 2}));
          yield "binary_not_supported";
        }
        case 2 -> {
          attacker.send(new JsonObject().put("action", "subscribe").put("topics", new JsonArray().add("nope/" + i)));
          yield "unknown_topic";
        }
        case 3 -> {
          attacker.send(new JsonObject().put("action", random.nextInt()));
          yield "invalid_message";
        }
        case 4 -> {
          attacker.send(new JsonObject().put("action", "subscribe").put("topics", "branches"));
          yield "invalid_message";
        }
        default -> {
          attacker.sendText("[" + i + "]");
          yield "invalid_json";
        }
      };
      expected.merge(code, 1, Integer::sum);
    }
    // over the 4 KiB message limit, under the 64 KiB frame limit: answered, not a closed connection
    attacker.send(new JsonObject().put("action", "ping").put("padding", "p".repeat(30_000)));
    expected.merge("message_too_large", 1, Integer::sum);
    attacker.send(new JsonObject().put("action", "ping"));

    // WHEN its replies are read up to the pong (replies keep the order of the frames they answer)
    List<JsonObject> replies = new ArrayList<>();
    attacker.next(m -> {
      replies.add(m);
      return "pong".equals(m.getString("type"));
    }, 60);

    // THEN each bad frame got exactly one error with the code for what was wrong, and nothing else came back
    List<JsonObject> errors = replies.subList(0, replies.size() - 1);
    assertEquals(2_001, errors.size());
    assertTrue(errors.stream().allMatch(m -> "error".equals(m.getString("type")) && m.getString("message") != null),
        () -> "not all errors: " + errors.stream().filter(m -> !"error".equals(m.getString("type"))).limit(5).toList());
    Map<String, Integer> received = new TreeMap<>();
    errors.forEach(m -> received.merge(m.getString("code"), 1, Integer::sum));
    assertEquals(expected, received);
    // AND the oversized frame, the last bad one, was answered with the limit
    JsonObject tooLarge = errors.get(errors.size() - 1);
    assertEquals("message_too_large", tooLarge.getString("code"));
    assertEquals("messages are limited to 4096 bytes", tooLarge.getString("message"));
    // AND the gateway counted them by code
    expected.forEach((code, count) -> assertEquals(count.doubleValue(), gw.metric("gympulse.ws.client.errors", "code", code), code));

    // AND the flooding connection is still open and served
    attacker.subscribe("branches");
    assertEquals("snapshot", attacker.next("snapshot", 10).getString("type"));
    assertNull(attacker.closeStatus());
    // AND another client is served too
    bystander = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe("branches");
    assertEquals("snapshot", bystander.next("snapshot", 10).getString("type"));
    assertEquals(200, Http.get(gw.httpPort(), "/health").status());
  }
}
