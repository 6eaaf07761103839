package io.gympulse.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * {@code CHAT=bedrock-agent}: the gateway calls InvokeAgent through the real SDK against a local server
 * that speaks the agent runtime's event-stream protocol, and turns the stream into the chat reply.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BedrockAgentChatTest {

  private static HttpServer agent;
  private static final ConcurrentLinkedQueue<Invocation> INVOCATIONS = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean FAILING = new AtomicBoolean();

  private record Invocation(String path, JsonObject body) {
  }

  @BeforeAll
  static void startAgent() throws IOException {
    agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    agent.createContext("/", BedrockAgentChatTest::invokeAgent);
    agent.start();
  }

  @AfterAll
  static void stopAgent() {
    agent.stop(0);
  }

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("CHAT", "bedrock-agent", "BEDROCK_AGENT_ID", "AGENT123",
      "BEDROCK_AGENT_ALIAS_ID", "ALIAS456", "BEDROCK_ENDPOINT", "http://127.0.0.1:" + agent.getAddress().getPort()));

  @BeforeEach
  void reset() {
    INVOCATIONS.clear();
    FAILING.set(false);
  }

  /** Verifies that the agent's streamed answer, tools and tool outputs become the reply and the recommendations. */
  @Test
  void agentStreamBecomesTheReply() {
    Http.Response response = chat(new JsonObject().put("message", "leg day near me?")
        .put("location", new JsonObject().put("lat", 22.279).put("lon", 114.165)).put("sessionId", "member-7"));

    assertEquals(200, response.status(), response.text());
    JsonObject answer = response.json();
    assertEquals("Go to Causeway Bay: 3 legs machines are free.", answer.getString("reply"));
    assertEquals("member-7", answer.getString("sessionId"));
    assertEquals(new JsonArray().add("availability").add("route_matrix"), answer.getJsonArray("toolsUsed"),
        "the agent's function names read as in local mode");
    JsonObject top = answer.getJsonArray("recommendations").getJsonObject(0);
    assertEquals("hk-causeway-hennessy", top.getString("gymId"));
    assertEquals(3, top.getInteger("free"));
    assertEquals(9.5, top.getDouble("etaMinutes"));
    assertEquals(false, top.getBoolean("estimated"), "the route came from the route calculator");
    assertEquals(0.97, top.getDouble("freeOnArrival"), "the availability tool's chance on arrival passes through");
    assertEquals(0.55, top.getDouble("confidence"));
    assertEquals("2026-01-05T18:18:00Z", top.getString("arrivalAt"));

    Invocation call = INVOCATIONS.poll();
    assertEquals("/agents/AGENT123/agentAliases/ALIAS456/sessions/member-7/text", call.path());
    assertEquals("leg day near me?", call.body().getString("inputText"));
    assertEquals(true, call.body().getBoolean("enableTrace"));
    JsonObject attributes = call.body().getJsonObject("sessionState").getJsonObject("sessionAttributes");
    assertEquals("22.279", attributes.getString("lat"), "the tools read the member's location from the session");
    assertEquals("114.165", attributes.getString("lon"));
  }

  /** Verifies that an agent failure is a clear 502, not a hung request or a 500. */
  @Test
  void agentFailureIsAClearError() {
    FAILING.set(true);

    Http.Response response = chat(new JsonObject().put("message", "leg day near me?"));

    assertEquals(502, response.status(), response.text());
    assertEquals("assistant_unavailable", response.<JsonObject>json().getJsonObject("error").getString("code"));
  }

  /** Verifies that bad input is still rejected by the gateway before any agent call. */
  @Test
  void badInputNeverReachesTheAgent() {
    Http.Response response = chat(new JsonObject().put("message", ""));

    assertEquals(400, response.status());
    assertTrue(INVOCATIONS.isEmpty());
  }

  private Http.Response chat(JsonObject body) {
    return Http.postJson(gw.httpPort(), "/chat", body);
  }

  private static void invokeAgent(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      INVOCATIONS.add(new Invocation(exchange.getRequestURI().getPath(), new JsonObject(body)));
      if (FAILING.get()) {
        byte[] error = "{\"message\":\"model is overloaded\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "ServiceQuotaExceededException");
        exchange.sendResponseHeaders(503, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      event(stream, "trace", orchestration(new JsonObject().put("invocationInput", new JsonObject()
          .put("actionGroupInvocationInput", new JsonObject().put("actionGroupName", "availability").put("function", "find_available_branches")))));
      event(stream, "trace", orchestration(new JsonObject().put("observation", new JsonObject()
          .put("actionGroupInvocationOutput", new JsonObject().put("text", new JsonObject().put("branches", new JsonArray()
              .add(new JsonObject().put("gymId", "hk-causeway-hennessy").put("name", "Causeway Bay").put("free", 3)
                  .put("total", 6).put("distanceKm", 1.1).put("etaMinutes", 17.9).put("estimated", true)
                  .put("freeOnArrival", 0.97).put("confidence", 0.55).put("arrivalAt", "2026-01-05T18:18:00Z"))).encode())))));
      event(stream, "trace", orchestration(new JsonObject().put("invocationInput", new JsonObject()
          .put("actionGroupInvocationInput", new JsonObject().put("actionGroupName", "routes").put("function", "travel_times")))));
      event(stream, "trace", orchestration(new JsonObject().put("observation", new JsonObject()
          .put("actionGroupInvocationOutput", new JsonObject().put("text", new JsonObject().put("routes", new JsonArray()
              .add(new JsonObject().put("gymId", "hk-causeway-hennessy").put("minutes", 9.5).put("estimated", false))).encode())))));
      chunk(stream, "Go to Causeway Bay: ");
      chunk(stream, "3 legs machines are free.");
      exchange.getResponseHeaders().add("Content-Type", "application/vnd.amazon.eventstream");
      exchange.getResponseHeaders().add("x-amzn-bedrock-agent-session-id", "member-7");
      exchange.sendResponseHeaders(200, stream.size());
      exchange.getResponseBody().write(stream.toByteArray());
    }
  }

  private static JsonObject orchestration(JsonObject trace) {
    return new JsonObject().put("agentId", "AGENT123").put("trace", new JsonObject().put("orchestrationTrace", trace));
  }

  private static void chunk(OutputStream out, String text) throws IOException {
    event(out, "chunk", new JsonObject().put("bytes", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
  }

  private static void event(OutputStream out, String type, JsonObject payload) throws IOException {
    new Message(Map.of(":message-type", HeaderValue.fromString("event"), ":event-type", HeaderValue.fromString(type),
        ":content-type", HeaderValue.fromString("application/json")), payload.encode().getBytes(StandardCharsets.UTF_8))
        .encode(out);
  }
}
