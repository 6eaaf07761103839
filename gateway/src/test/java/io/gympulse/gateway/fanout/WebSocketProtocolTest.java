package io.gympulse.gateway.fanout;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WebSocket protocol: snapshots per topic, pings, and clear errors that never close a good client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketProtocolTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private WsProbe ws;
  private MqttClient hub;

  @BeforeEach
  void connect() {
    ws = WsProbe.connect(gw.vertx(), gw.httpPort());
  }

  @AfterEach
  void closeClients() {
    ws.close();
    Devices.closeQuietly(hub);
  }

  private void assertError(String code) {
    JsonObject error = ws.next("error", 5);
    assertEquals(code, error.getString("code"));
    assertTrue(error.getString("message").length() > 5, "the error explains itself");
  }

  /** Verifies that each topic's snapshot holds exactly what the matching REST GET returns. */
  @Test
  void snapshotsMirrorRestForEveryTopicKind() {
    String[][] topicsAndPaths = {
        {"branches", "/branches"},
        {"branches/" + GYM, "/branches/" + GYM},
        {"branches/" + GYM + "/categories/cardio", "/branches/" + GYM + "/categories/cardio"},
        {"machines/" + MACHINE, "/machines/" + MACHINE}};
    for (String[] topicAndPath : topicsAndPaths) {
      ws.subscribe(topicAndPath[0]);
      JsonObject snapshot = ws.next(m -> "snapshot".equals(m.getString("type")) && topicAndPath[0].equals(m.getString("topic")), 5);
      assertEquals(Http.get(gw.httpPort(), topicAndPath[1]).json(), snapshot.getValue("data"), topicAndPath[0]);
    }
  }

  /** Verifies that bad frames get error messages and the connection keeps working afterwards. */
  @Test
  void badFramesGetErrorsWithoutClosingTheClient() {
    ws.sendText("{not json");
    assertError("invalid_json");
    ws.sendText("[\"subscribe\"]");
    assertError("invalid_json");
    ws.send(new JsonObject().put("topics", new JsonArray().add("branches")));
    assertError("invalid_message");
    ws.send(new JsonObject().put("action", "dance"));
    assertError("unknown_action");
    ws.send(new JsonObject().put("action", "subscribe").put("topics", "branches"));
    assertError("invalid_message");
    ws.subscribe("branches/atlantis");
    assertError("unknown_topic");
    ws.subscribe("machines/" + MACHINE + "/extra");
    assertError("unknown_topic");
    ws.subscribe("branches/" + GYM + "/categories/yoga");
    assertError("unknown_topic");
    ws.send(new JsonObject().put("action", "ping").put("padding", "x".repeat(5_000)));
    assertError("message_too_large");

    // still a working client: ping and subscribe are answered
    ws.send(new JsonObject().put("action", "ping"));
    ws.next("pong", 5);
    ws.subscribe("machines/" + MACHINE);
    ws.next("subscribed", 5);
    assertNull(ws.closeStatus(), "the server closed a client for bad frames");
    assertEquals(1, gw.metric("gympulse.ws.client.errors", "code", "unknown_action"));
    assertEquals(3, gw.metric("gympulse.ws.client.errors", "code", "unknown_topic"));
  }

  /** Verifies that a subscription mixing valid and unknown topics keeps the valid ones. */
  @Test
  void validTopicsOfAMixedSubscriptionAreKept() throws Exception {
    ws.subscribe("machines/" + MACHINE, "machines/nope");
    assertError("unknown_topic");
    assertEquals(new JsonArray().add("machines/" + MACHINE), ws.next("subscribed", 5).getJsonArray("topics"));
    ws.next("snapshot", 5);

    hub = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    assertEquals("occupied", ws.next("machine", 5).getString("status"));
  }

  /** Verifies that after unsubscribing a client no longer receives that topic's updates. */
  @Test
  void unsubscribeStopsUpdates() throws Exception {
    ws.subscribe("machines/" + MACHINE, "machines/" + Devices.OTHER_MACHINE);
    ws.next("subscribed", 5);
    ws.send(new JsonObject().put("action", "unsubscribe").put("topics", new JsonArray().add("machines/" + MACHINE)));
    ws.next("unsubscribed", 5);

    hub = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    hub.publish(Devices.topic(GYM, Devices.OTHER_MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);

    // the update of the still-followed machine arrives; none of the unfollowed one came before it
    JsonObject update = ws.next("machine", 5);
    assertEquals(Devices.OTHER_MACHINE, update.getString("machineId"));
    assertTrue(ws.drain().stream().noneMatch(m -> MACHINE.equals(m.getString("machineId"))));
  }

  /** Verifies that binary frames are answered with an error. */
  @Test
  void binaryFramesAreRefused() {
    ws.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
    assertError("binary_not_supported");
  }
}
