package io.gympulse.gateway.alerts;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /alerts}: create, list, update, delete, validation, and one user never touching another's alerts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlertsApiTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();
  private Alerts alerts;
  private MqttClient hub;

  private String alice;
  private String mallory;

  @BeforeEach
  void sessions() {
    alerts = new Alerts(gw.httpPort());
    alice = alerts.newSession();
    mallory = alerts.newSession();
  }

  @AfterEach
  void closeClients() {
    Devices.closeQuietly(hub);
  }

  private static JsonObject forMachine() {
    return new JsonObject().put("machineId", MACHINE);
  }

  /** Verifies the whole life of an alert through REST: create, list, update, delete. */
  @Test
  void alertLifecycle() {
    // GIVEN a member asking for the leg press (offline now, so not free)
    Http.Response created = alerts.create(alice, forMachine()
        .put("quietHours", new JsonObject().put("start", "22:00").put("end", "07:00")).put("expiresInMinutes", 60));
    assertEquals(201, created.status(), created.text());
    JsonObject alert = created.json();
    String alertId = alert.getString("alertId");
    assertEquals("/alerts/" + alertId, created.header("Location").orElseThrow());
    assertEquals(new JsonObject().put("gymId", GYM).put("category", "legs").put("machineId", MACHINE), alert.getJsonObject("target"));
    assertEquals("pending", alert.getString("status"));
    assertEquals(true, alert.getBoolean("oneShot"));
    Duration lifetime = Duration.between(Instant.parse(alert.getString("createdAt")), Instant.parse(alert.getString("expiresAt")));
    assertEquals(Duration.ofMinutes(60), lifetime);

    // WHEN listed, updated, then deleted
    JsonArray listed = alerts.list(alice).json();
    assertEquals(1, listed.size());
    assertEquals(alertId, listed.getJsonObject(0).getString("alertId"));
    Http.Response updated = alerts.update(alice, alertId, new JsonObject().putNull("quietHours").put("expiresInMinutes", 30));
    assertEquals(200, updated.status(), updated.text());
    assertEquals(null, updated.<JsonObject>json().getValue("quietHours"));
    assertEquals(204, alerts.delete(alice, alertId).status());

    // THEN it is gone
    assertEquals(0, alerts.list(alice).<JsonArray>json().size());
    assertEquals(404, alerts.delete(alice, alertId).status());
  }

  /** Verifies that another user can neither see, change nor cancel an alert: 404, as if it did not exist. */
  @Test
  void otherUsersCannotTouchAnAlert() {
    String alertId = alerts.create(alice, forMachine()).<JsonObject>json().getString("alertId");

    assertEquals(0, alerts.list(mallory).<JsonArray>json().size());
    assertEquals(404, alerts.update(mallory, alertId, new JsonObject().put("expiresInMinutes", 5)).status());
    assertEquals(404, alerts.delete(mallory, alertId).status());
    assertEquals(1, alerts.list(alice).<JsonArray>json().size());
  }

  /** Verifies that alert routes require a valid session token. */
  @Test
  void alertsRequireASession() {
    Http.Response anonymous = alerts.create(null, forMachine());
    assertEquals(401, anonymous.status());
    assertEquals("unauthenticated", anonymous.<JsonObject>json().getJsonObject("error").getString("code"));
    assertEquals("Bearer", anonymous.header("WWW-Authenticate").orElseThrow());
    assertEquals(401, alerts.list(null).status());
    Http.Response garbage = alerts.list("not-a-token");
    assertEquals(401, garbage.status());
    assertEquals("invalid_token", garbage.<JsonObject>json().getJsonObject("error").getString("code"));
  }

  /** Verifies that asking for a machine that is free right now is answered 409 with its current state. */
  @Test
  void targetFreeNowIsAnsweredWithItsState() throws Exception {
    hub = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);

    Http.Response machine = alerts.create(alice, forMachine());
    assertEquals(409, machine.status());
    assertEquals("target_free", machine.<JsonObject>json().getJsonObject("error").getString("code"));
    assertEquals("free", machine.<JsonObject>json().getJsonObject("current").getString("status"));

    Http.Response category = alerts.create(alice, new JsonObject().put("gymId", GYM).put("category", "legs"));
    assertEquals(409, category.status());
    assertEquals(1, category.<JsonObject>json().getJsonObject("current").getInteger("free"));
    assertEquals(0, alerts.list(alice).<JsonArray>json().size());
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        Arguments.of("not JSON", "{machineId", "invalid_json"),
        Arguments.of("no target", "{}", "invalid_target"),
        Arguments.of("both targets", "{\"machineId\":\"" + MACHINE + "\",\"gymId\":\"" + GYM + "\",\"category\":\"legs\"}",
            "invalid_target"),
        Arguments.of("unknown machine", "{\"machineId\":\"nope\"}", "unknown_machine"),
        Arguments.of("unknown branch", "{\"gymId\":\"nope\",\"category\":\"legs\"}", "unknown_branch"),
        Arguments.of("unknown category", "{\"gymId\":\"" + GYM + "\",\"category\":\"yoga\"}", "invalid_category"),
        Arguments.of("quiet hours not times", "{\"machineId\":\"" + MACHINE + "\",\"quietHours\":{\"start\":\"late\",\"end\":\"07:00\"}}",
            "invalid_quiet_hours"),
        Arguments.of("empty quiet hours", "{\"machineId\":\"" + MACHINE + "\",\"quietHours\":{\"start\":\"07:00\",\"end\":\"07:00\"}}",
            "invalid_quiet_hours"),
        Arguments.of("expiry over 24 h", "{\"machineId\":\"" + MACHINE + "\",\"expiresInMinutes\":1441}", "invalid_expiry"),
        Arguments.of("expiry zero", "{\"machineId\":\"" + MACHINE + "\",\"expiresInMinutes\":0}", "invalid_expiry"),
        Arguments.of("expiry in the past", "{\"machineId\":\"" + MACHINE + "\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
            "invalid_expiry"),
        Arguments.of("two expiries", "{\"machineId\":\"" + MACHINE + "\",\"expiresInMinutes\":5,\"expiresAt\":\"2099-01-01T00:00:00Z\"}",
            "invalid_expiry"),
        Arguments.of("oneShot not boolean", "{\"machineId\":\"" + MACHINE + "\",\"oneShot\":\"yes\"}", "invalid_body"),
        Arguments.of("cooldown too long", "{\"machineId\":\"" + MACHINE + "\",\"oneShot\":false,\"cooldownMinutes\":5000}",
            "invalid_cooldown"));
  }

  /** Verifies that each invalid request is a 400 with a code and a message, and creates nothing. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void invalidRequestIsRefusedWithReason(String description, String body, String code) {
    Http.Response response = alerts.createRaw(alice, body);
    assertEquals(400, response.status(), description + ": " + response.text());
    JsonObject error = response.<JsonObject>json().getJsonObject("error");
    assertEquals(code, error.getString("code"), description);
    assertTrue(error.getString("message").length() > 10, description);
    assertEquals(0, alerts.list(alice).<JsonArray>json().size());
  }
}
