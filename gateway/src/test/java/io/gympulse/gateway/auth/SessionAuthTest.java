package io.gympulse.gateway.auth;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Session tokens: only genuine, current tokens of this issuer name a member, over REST and WebSocket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionAuthTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();
  private WsProbe ws;
  private MqttClient hub;

  @AfterEach
  void closeClients() {
    if (ws != null) {
      ws.close();
    }
    Devices.closeQuietly(hub);
  }

  /** A token signed with {@code secret}, claiming {@code claims}. */
  private String token(String secret, JsonObject claims, JWTOptions options) {
    JWTAuth signer = JWTAuth.create(gw.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return signer.generateToken(claims, options.setAlgorithm("HS256"));
  }

  private String code(Http.Response response) {
    return response.<JsonObject>json().getJsonObject("error").getString("code");
  }

  /** Verifies that forged, foreign and expired tokens are refused with 401 invalid_token. */
  @Test
  void forgedForeignAndExpiredTokensAreRefused() {
    Alerts alerts = new Alerts(gw.httpPort());
    JsonObject member = new JsonObject().put("sub", "u-victim");
    String forged = token("another-secret-another-secret-another-0", member, new JWTOptions().setIssuer("gympulse"));
    String foreign = token(TestGateway.TEST_JWT_SECRET, member, new JWTOptions().setIssuer("somebody-else"));
    String expired = token(TestGateway.TEST_JWT_SECRET,
        member.copy().put("exp", System.currentTimeMillis() / 1000 - 3600), new JWTOptions().setIssuer("gympulse"));
    String genuine = token(TestGateway.TEST_JWT_SECRET, member, new JWTOptions().setIssuer("gympulse").setExpiresInSeconds(600));

    for (String bad : new String[] {forged, foreign, expired}) {
      Http.Response response = alerts.list(bad);
      assertEquals(401, response.status(), response.text());
      assertEquals("invalid_token", code(response));
    }
    assertEquals(200, alerts.list(genuine).status(), "the control token of the same member is accepted");
  }

  /** Verifies that a session from POST /sessions is anonymous and works on both REST and WebSocket. */
  @Test
  void sessionIsAnonymousAndSigned() {
    Http.Response created = Http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + gw.httpPort() + "/sessions")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertEquals(201, created.status());
    JsonObject session = created.json();
    assertTrue(session.getString("userId").startsWith("u-"));
    assertEquals(3, session.getString("token").split("\\.").length, "a JWT");
    assertEquals("no-store", created.header("Cache-Control").orElseThrow());
  }

  /** Verifies that an invalid token on the WebSocket URL refuses the upgrade with 401. */
  @Test
  void invalidTokenRefusesTheUpgrade() {
    AssertionError refused = assertThrows(AssertionError.class,
        () -> WsProbe.connect(gw.vertx(), gw.httpPort(), "/ws?token=garbage"));
    assertTrue(refused.getCause() instanceof UpgradeRejectedException rejected && rejected.getStatus() == 401,
        String.valueOf(refused.getCause()));
  }

  /** Verifies that an anonymous connection can authenticate in-band and then receives that member's alerts. */
  @Test
  void inBandAuthenticationBindsTheConnection() throws Exception {
    Alerts alerts = new Alerts(gw.httpPort());
    String token = alerts.newSession();
    ws = WsProbe.connect(gw.vertx(), gw.httpPort());

    ws.send(new JsonObject().put("action", "auth").put("token", "garbage"));
    assertEquals("invalid_token", ws.next("error", 5).getString("code"));
    ws.send(new JsonObject().put("action", "auth").put("token", token));
    JsonObject authenticated = ws.next("authenticated", 5);
    assertTrue(authenticated.getString("userId").startsWith("u-"));

    assertEquals(201, alerts.create(token, new JsonObject().put("machineId", MACHINE)).status());
    hub = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 2), 1, false);
    assertEquals(MACHINE, ws.next("alert", 5).getString("machineId"));
  }
}
