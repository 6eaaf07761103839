package io.gympulse.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.auth.DevCertificates;
import io.gympulse.gateway.testing.Dynalite;
import io.gympulse.gateway.testing.GatewayProcess;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as its own process the way the README says, with the simulator on. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PackagedJarIT {

  private Vertx vertx;
  private GatewayProcess gateway;
  private WsProbe ws;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (ws != null) {
      ws.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * Verifies that the jar with the simulator on shows a WebSocket client live changes, serves the web app from inside
   * itself, and stops cleanly on SIGTERM.
   */
  @Test
  void simulatorRunShowsLiveChangesOverWebSocket() throws Exception {
    gateway = GatewayProcess.start(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "SIMULATOR", "on",
        "SIMULATOR_SPEED", "600")).awaitListening(30);

    ws = WsProbe.connect(vertx, gateway.httpPort()).subscribe("branches");
    assertEquals(12, ws.next("snapshot", 10).getJsonArray("data").size());
    JsonObject summary = ws.next("summary", 20);
    assertTrue(summary.getInteger("total") > 0);
    JsonArray branches = Http.get(gateway.httpPort(), "/branches").json();
    assertEquals(12, branches.size());
    Http.Response page = Http.get(gateway.httpPort(), "/");
    assertEquals(200, page.status());
    assertTrue(page.text().contains("app/main.js"), page.text());
    assertEquals(200, Http.get(gateway.httpPort(), "/app/views/machine.js").status());

    gateway.stopGracefully();
  }

  /** Verifies that the jar runs on dynalite, creates its tables, and after a restart serves the stored state. */
  @Test
  void dynamoDbRunCreatesTablesAndRestartsWarm() throws Exception {
    try (Dynalite dynalite = Dynalite.start()) {
      Map<String, String> env = Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "SIMULATOR", "on", "SIMULATOR_SPEED", "60",
          "STORE", "dynamodb", "DYNAMODB_ENDPOINT", dynalite.endpoint().toString(), "CREATE_TABLES", "true");
      gateway = GatewayProcess.start(env).awaitListening(60);
      long deadline = System.currentTimeMillis() + 20_000;
      while (Http.get(gateway.httpPort(), "/ready").<JsonObject>json().getJsonObject("store").getString("lastSuccess") == null) {
        assertTrue(System.currentTimeMillis() < deadline, "no store write succeeded");
        Thread.sleep(100);
      }
      gateway.stopGracefully();

      gateway = GatewayProcess.start(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "STORE", "dynamodb",
          "DYNAMODB_ENDPOINT", dynalite.endpoint().toString())).awaitListening(60);
      assertTrue(gateway.output().stream().anyMatch(l -> l.matches(".*warm state loaded \\[machines with stored state: [1-9]\\d*].*")),
          String.join("\n", gateway.output()));
    }
  }

  /** Verifies that invalid configuration stops start-up with one line naming the variable, and a non-zero exit. */
  @Test
  void invalidConfigurationStopsWithOneClearLine() throws Exception {
    gateway = GatewayProcess.start(Map.of("MQTT_PORT", "70000"));
    assertEquals(2, gateway.awaitExit(30));
    assertEquals(1, gateway.output().size(), String.join("\n", gateway.output()));
    assertEquals("gympulse: cannot start: MQTT_PORT='70000' is invalid: expected an integer from 0 to 65535",
        gateway.output().get(0));
  }

  /**
   * Verifies that the faults once ending in a stack trace or a gateway that refuses every device (a non-PEM
   * certificate, a malformed origin, contradictory keep-alive bounds, a broken catalog) stop the jar with
   * exit code 2 and one line naming the variable.
   */
  @Test
  void invalidFilesAndContradictionsStopWithOneLineNamingTheVariable(@TempDir Path dir) throws Exception {
    DevCertificates.init(dir);
    Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
    Path brokenCatalog = Files.writeString(dir.resolve("catalog.json"), "{\"branches\": [\n");
    Map<String, Map<String, String>> cases = new LinkedHashMap<>();
    cases.put("MQTT_TLS_CERT='" + notPem + "' is invalid: no PEM certificate in it", Map.of(
        "MQTT_TLS_CA", dir.resolve("ca.pem").toString(), "MQTT_TLS_CERT", notPem.toString(),
        "MQTT_TLS_KEY", dir.resolve("server-key.pem").toString()));
    cases.put("CORS_ORIGINS has 'app.gympulse.example', which is not an origin", Map.of("CORS_ORIGINS", "app.gympulse.example"));
    cases.put("MQTT_MIN_KEEPALIVE_SECONDS (2000) is above MQTT_MAX_KEEPALIVE_SECONDS (1200)",
        Map.of("MQTT_MIN_KEEPALIVE_SECONDS", "2000"));
    cases.put("CATALOG='" + brokenCatalog + "': not a JSON object", Map.of("CATALOG", brokenCatalog.toString()));

    for (Map.Entry<String, Map<String, String>> fault : cases.entrySet()) {
      gateway = GatewayProcess.start(fault.getValue());
      assertEquals(2, gateway.awaitExit(30), String.join("\n", gateway.output()));
      assertEquals(1, gateway.output().size(), String.join("\n", gateway.output()));
      assertTrue(gateway.output().get(0).startsWith("gympulse: cannot start: " + fault.getKey()), gateway.output().get(0));
    }
  }

  /** Verifies that a missing DynamoDB table stops start-up naming it. */
  @Test
  void missingTablesStopStartUpNamingThem() throws Exception {
    try (Dynalite dynalite = Dynalite.start()) {
      gateway = GatewayProcess.start(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "STORE", "dynamodb",
          "DYNAMODB_ENDPOINT", dynalite.endpoint().toString(), "ENV", "prod", "CORS_ORIGINS", "https://app.example",
          "JWT_SECRET", "prod-like-secret-for-the-test-0123456789"));
      assertEquals(1, gateway.awaitExit(60));
      assertTrue(gateway.output().stream().anyMatch(l -> l.contains("DynamoDB tables missing: gym-pulse-current-state-prod")),
          String.join("\n", gateway.output()));
    }
  }
}
