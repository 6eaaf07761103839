package io.gympulse.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.sim.Backfill;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryAlertStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.Eventually;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.ResponseContract;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps {@code openapi.yaml} true about bodies: real responses of a running gateway, with machine states, history,
 * alerts, backfilled occupancy and chat, are validated against the document's schemas, and every documented
 * (operation, status) pair must have been exercised, so a new route or status cannot skip validation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenApiResponsesTest {

  private static final String GYM = Devices.GYM;
  private static final String BUSY = Devices.MACHINE;
  private static final String FREE = Devices.OTHER_MACHINE;
  private static final String API_KEY = "contract-key";

  private GuardedVertx guarded;
  private TestGateway gateway;
  private TestGateway limited;
  private MqttClient hub;
  private ResponseContract contract;
  private long seq;

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
    contract = ResponseContract.load();
  }

  @AfterEach
  void stop() {
    Devices.closeQuietly(hub);
    if (gateway != null) {
      gateway.stop();
    }
    if (limited != null) {
      limited.stop();
    }
    contract.close();
    guarded.closeAndAssertNoBlocking();
  }

  /** Verifies that every response the document describes is what the gateway really sends, for every operation and status. */
  @Test
  void everyDocumentedResponseMatchesWhatTheGatewayReturns() throws Exception {
    // GIVEN a gateway with three weeks of backfilled occupancy, machines that reported, and a member session
    AggregateStore bins = new InMemoryAggregateStore(Clock.systemUTC());
    gateway = TestGateway.start(guarded.vertx(), Map.of("HEARTBEAT_WINDOW_MS", "86400000"),
        new Stores(TestGateway.machineStore(), new InMemoryConnectionStore(), new InMemoryAlertStore(), bins, () -> { }));
    Backfill.run(guarded.vertx(), TestGateway.CATALOG, bins, 21, Clock.systemUTC(), 7).await(60, TimeUnit.SECONDS);
    hub = Devices.connect(gateway.mqttPort(), Devices.HUB_CLIENT_ID);
    for (Machine machine : TestGateway.CATALOG.machines(GYM, Category.LEGS)) {
      report(machine.machineId(), "free");
    }
    report(BUSY, "occupied");
    Eventually.waitUntil(() -> "occupied".equals(get("/machines/" + BUSY).<JsonObject>json().getString("status")));

    // WHEN every operation is called for each of its documented outcomes
    // THEN each response matches the document
    operations();
    availability();
    history();
    String token = sessions();
    alerts(token);
    insights();
    chat();
    webSocket(token);
    contract.checkError(get("/no-such-path"));
    contract.checkError(send("DELETE", "/branches", null, null));
    contract.checkError(send("PUT", "/health", null, "{}"));
    conditionalAndOversized();
    limitsAndUpstreamFailures();
    draining();

    // AND no documented response was left unexercised
    assertEquals(List.of(), List.copyOf(contract.unexercised()),
        "documented responses the test never produced: exercise them here so their schemas are validated");
  }

  private void operations() {
    contract.check("getHealth", get("/health"));
    contract.check("getReady", get("/ready"));
    Http.Response metrics = get("/metrics");
    contract.check("getMetrics", metrics);
    assertTrue(metrics.text().contains("gympulse_"), "gateway metrics in " + metrics.contentType());
    contract.check("getOpenApi", get("/openapi.yaml"));
  }

  private void availability() {
    contract.check("listBranches", get("/branches"));
    contract.check("getBranch", get("/branches/" + GYM));
    contract.check("getBranch", get("/branches/hk-nowhere"));
    contract.check("getCategory", get("/branches/" + GYM + "/categories/legs"));
    contract.check("getCategory", get("/branches/" + GYM + "/categories/feet"));
    contract.check("getCategory", get("/branches/hk-nowhere/categories/legs"));
    contract.check("listCategoryMachines", get("/branches/" + GYM + "/categories/legs/machines"));
    contract.check("listCategoryMachines", get("/branches/" + GYM + "/categories/feet/machines"));
    contract.check("listCategoryMachines", get("/branches/hk-nowhere/categories/legs/machines"));
    contract.check("getMachine", get("/machines/" + BUSY));
    contract.check("getMachine", get("/machines/" + FREE + "-not"));
  }

  private void history() {
    Http.Response firstPage = get("/machines/" + BUSY + "/history?limit=1");
    contract.check("getMachineHistory", firstPage);
    String cursor = firstPage.<JsonObject>json().getString("nextCursor");
    assertTrue(cursor != null, "two transitions, one per page: " + firstPage.text());
    Http.Response lastPage = get("/machines/" + BUSY + "/history?limit=1&cursor=" + cursor);
    contract.check("getMachineHistory", lastPage);
    contract.check("getMachineHistory", get("/machines/" + BUSY + "/history?from=2025-11-26T10:00:00Z&to=1764150000"));
    contract.check("getMachineHistory", get("/machines/" + BUSY + "/history?limit=0"));
    contract.check("getMachineHistory", get("/machines/" + BUSY + "/history?cursor=zzz"));
    contract.check("getMachineHistory", get("/machines/nope/history"));
  }

  private String sessions() {
    Http.Response session = send("POST", "/sessions", null, null);
    contract.check("createSession", session);
    return session.<JsonObject>json().getString("token");
  }

  private void alerts(String token) throws Exception {
    Http.Response created = send("POST", "/alerts", token,
        new JsonObject().put("machineId", BUSY).put("quietHours", new JsonObject().put("start", "23:00").put("end", "06:00"))
            .encode());
    contract.check("createAlert", created);
    String alertId = created.<JsonObject>json().getString("alertId");
    contract.check("createAlert", send("POST", "/alerts", token,
        new JsonObject().put("gymId", GYM).put("category", "chest").put("oneShot", false).encode()));
    contract.check("createAlert", send("POST", "/alerts", token, new JsonObject().put("machineId", FREE).encode()));
    contract.check("createAlert", send("POST", "/alerts", token,
        new JsonObject().put("gymId", GYM).put("category", "legs").encode()));
    contract.check("createAlert", send("POST", "/alerts", token, "{}"));
    contract.check("createAlert", send("POST", "/alerts", token, "not json"));
    contract.check("createAlert", send("POST", "/alerts", null, new JsonObject().put("machineId", BUSY).encode()));

    contract.check("listAlerts", send("GET", "/alerts", token, null));
    contract.check("listAlerts", send("GET", "/alerts", "forged." + token, null));

    contract.check("updateAlert", send("PUT", "/alerts/" + alertId, token,
        new JsonObject().put("expiresInMinutes", 60).putNull("quietHours").encode()));
    contract.check("updateAlert", send("PUT", "/alerts/" + alertId, token, "{}"));
    contract.check("updateAlert", send("PUT", "/alerts/" + alertId, null, new JsonObject().put("expiresInMinutes", 60).encode()));
    contract.check("updateAlert", send("PUT", "/alerts/" + UUID.randomUUID(), token,
        new JsonObject().put("expiresInMinutes", 60).encode()));
    // the machine frees up: the one-shot alert fires and can no longer change
    report(BUSY, "free");
    Eventually.waitUntil(() -> send("GET", "/alerts", token, null).text().contains("\"fired\""));
    contract.check("listAlerts", send("GET", "/alerts", token, null));
    contract.check("updateAlert", send("PUT", "/alerts/" + alertId, token,
        new JsonObject().put("expiresInMinutes", 60).encode()));

    contract.check("deleteAlert", send("DELETE", "/alerts/" + alertId, null, null));
    contract.check("deleteAlert", send("DELETE", "/alerts/" + alertId, token, null));
    contract.check("deleteAlert", send("DELETE", "/alerts/" + alertId, token, null));
  }

  private void insights() {
    String legs = "/branches/" + GYM + "/categories/legs";
    Http.Response occupancy = get(legs + "/occupancy");
    contract.check("getOccupancy", occupancy);
    assertTrue(occupancy.<JsonObject>json().getJsonArray("bins").size() > 1, occupancy.text());
    contract.check("getOccupancy", get(legs + "/occupancy?from=yesterday"));
    contract.check("getOccupancy", get("/branches/hk-nowhere/categories/legs/occupancy"));

    Http.Response peaks = get("/branches/" + GYM + "/peak-hours");
    contract.check("getPeakHours", peaks);
    assertEquals(true, peaks.<JsonObject>json().getBoolean("show"), peaks.text());
    contract.check("getPeakHours", get("/branches/hk-nowhere/peak-hours"));

    Http.Response machine = get("/forecast/machines/" + BUSY + "?minutes=30");
    contract.check("forecastMachine", machine);
    assertEquals(true, machine.<JsonObject>json().getBoolean("show"), machine.text());
    contract.check("forecastMachine", get("/forecast/machines/" + BUSY + "?minutes=-5"));
    contract.check("forecastMachine", get("/forecast/machines/nope"));

    Http.Response category = get("/forecast/branches/" + GYM + "/categories/legs?minutes=60");
    contract.check("forecastCategory", category);
    assertEquals(true, category.<JsonObject>json().getBoolean("show"), category.text());
    contract.check("forecastCategory", get("/forecast/branches/" + GYM + "/categories/feet"));
    contract.check("forecastCategory", get("/forecast/branches/hk-nowhere/categories/legs"));
  }

  private void chat() {
    Http.Response answer = send("POST", "/chat", null, new JsonObject().put("message", "leg day near me?")
        .put("location", new JsonObject().put("lat", 22.279).put("lon", 114.165)).put("sessionId", "contract-1").encode());
    contract.check("chat", answer);
    assertTrue(!answer.<JsonObject>json().getJsonArray("recommendations").isEmpty(), answer.text());
    JsonObject top = answer.<JsonObject>json().getJsonArray("recommendations").getJsonObject(0);
    assertTrue(top.getValue("freeOnArrival") instanceof Number && top.getString("arrivalAt") != null,
        "with backfilled history the arrival forecast is given, so its schema is validated: " + answer.text());
    contract.check("chat", send("POST", "/chat", null,
        new JsonObject().put("message", "what about chest?").put("sessionId", "contract-1").encode()));
    contract.check("chat", send("POST", "/chat", null, new JsonObject().put("message", "").encode()));
  }

  private void webSocket(String token) throws IOException {
    contract.check("openWebSocket", upgrade("/ws"));
    contract.check("openWebSocket", upgrade("/ws?token=" + token));
    contract.check("openWebSocket", upgrade("/ws?token=forged"));
    contract.check("openWebSocket", get("/ws"));
  }

  /** Last, as it ends the gateway's service: a graceful drain answers readiness and new upgrades with 503. */
  private void draining() throws IOException {
    gateway.gateway().drain();
    contract.check("getReady", get("/ready"));
    contract.check("openWebSocket", upgrade("/ws"));
  }

  /**
   * A second gateway with an API key, a per-address limit of one request a minute, and an assistant whose agent is
   * unreachable: every rate-limited operation answers an unknown key with 401 and the limit with 429.
   */
  private void limitsAndUpstreamFailures() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    limited = TestGateway.start(guarded.vertx(), Map.of("API_KEYS", API_KEY, "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1",
        "CHAT", "bedrock-agent", "BEDROCK_AGENT_ID", "AGENT123", "BEDROCK_AGENT_ALIAS_ID", "ALIAS456",
        "BEDROCK_ENDPOINT", "http://127.0.0.1:" + deadPort), TestGateway.machineStore());
    int port = limited.httpPort();
    // the 502 is due within the gateway's 25 s agent limit; the SDK's retries against a dead port, with its first
    // call's class loading, take more than the client's usual 10 s on a busy machine
    contract.check("chat", Http.send(request(port, "POST", "/chat", new JsonObject().put("message", "leg day?").encode())
        .header(RateLimiter.HEADER, API_KEY), Duration.ofSeconds(40)));

    List<ResponseContract.Operation> limitedOperations = contract.operations().stream()
        .filter(operation -> operation.statuses().contains("429")).toList();
    for (ResponseContract.Operation operation : limitedOperations) {
      contract.check(operation.id(), Http.send(generic(port, operation).header(RateLimiter.HEADER, "not-a-key")));
    }
    // the address's one request of the minute
    assertEquals(200, Http.get(port, "/branches").status());
    for (ResponseContract.Operation operation : limitedOperations) {
      contract.check(operation.id(), Http.send(generic(port, operation)));
    }
  }

  /** A 304 for every read that documents one (its first tag sent back), a 413 for every body route over its limit. */
  private void conditionalAndOversized() {
    int port = gateway.httpPort();
    String oversized = new JsonObject().put("message", "x".repeat(20_000)).encode();
    for (ResponseContract.Operation operation : contract.operations()) {
      if (operation.statuses().contains("304")) {
        // occupancy's open bin changes by the second: a closed range gives the same bytes twice
        String query = operation.id().equals("getOccupancy") ? "?from=" + (Instant.now().getEpochSecond() - 86_400)
            + "&to=" + (Instant.now().getEpochSecond() - 82_800) : "";
        // forecasts move with the clock too: a pair of reads straddling a change gets a 200 (also checked); retry
        for (int attempt = 0; attempt < 20; attempt++) {
          String tag = Http.send(generic(port, operation, query)).header("ETag")
              .orElseThrow(() -> new AssertionError(operation.id() + " documents 304 but sends no ETag"));
          Http.Response revalidated = Http.send(generic(port, operation, query).header("If-None-Match", tag));
          contract.check(operation.id(), revalidated);
          if (revalidated.status() == 304) {
            break;
          }
        }
      }
      if (operation.statuses().contains("413")) {
        contract.check(operation.id(), Http.send(generic(port, operation, "").method(operation.method(),
            HttpRequest.BodyPublishers.ofString(oversized))));
      }
    }
  }

  /** A request to an operation with catalog values for its path parameters and an empty JSON body where it takes one. */
  private static HttpRequest.Builder generic(int port, ResponseContract.Operation operation) {
    return generic(port, operation, "");
  }

  private static HttpRequest.Builder generic(int port, ResponseContract.Operation operation, String query) {
    String path = operation.path().replace("{gymId}", GYM).replace("{category}", "legs").replace("{machineId}", BUSY)
        .replace("{alertId}", UUID.randomUUID().toString());
    boolean hasBody = operation.method().equals("POST") || operation.method().equals("PUT");
    return request(port, operation.method(), path + query, hasBody ? "{}" : null);
  }

  private void report(String machineId, String status) throws Exception {
    hub.publish(Devices.topic(GYM, machineId), Devices.status(status, Devices.now(), ++seq), 1, false);
  }

  private Http.Response get(String path) {
    return Http.get(gateway.httpPort(), path);
  }

  private Http.Response send(String method, String path, String token, String body) {
    HttpRequest.Builder request = request(gateway.httpPort(), method, path, body);
    return Http.send(token == null ? request : request.header("Authorization", "Bearer " + token));
  }

  private static HttpRequest.Builder request(int port, String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
  }

  /**
   * A WebSocket upgrade request over a raw socket (the JDK client may not send {@code Upgrade}/{@code Connection}):
   * the status line and headers, and the body of a refusal (a 101 has none here: the socket is closed after its head).
   */
  private Http.Response upgrade(String pathAndQuery) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.httpPort()), 5_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String[] head = readHead(in).split("\r\n");
      int status = Integer.parseInt(head[0].split(" ")[1]);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < head.length; i++) {
        String[] header = head[i].split(":", 2);
        headers.put(header[0].trim(), List.of(header[1].trim()));
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).get(0));
      String body = new String(in.readNBytes(status == 101 ? 0 : length), StandardCharsets.UTF_8);
      return new Http.Response(status, headers.getOrDefault("content-type", List.of("")).get(0), body,
          HttpHeaders.of(headers, (name, value) -> true));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII).strip();
  }
}
