package io.gympulse.gateway.fanout;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.StalledWebSocket;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that stops reading must not hold up anyone else, and is closed with 1013 once stuck. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientTest {

  private static final long STUCK_TIMEOUT_MS = 1_500;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of(
      "WS_STUCK_TIMEOUT_MS", Long.toString(STUCK_TIMEOUT_MS),
      "WS_WRITE_QUEUE_MAX_BYTES", "16384"));

  private StalledWebSocket slow;
  private WsProbe fast;
  private MqttClient hub;

  @AfterEach
  void closeClients() throws Exception {
    if (slow != null) {
      slow.close();
    }
    if (fast != null) {
      fast.close();
    }
    Devices.closeQuietly(hub);
  }

  /** Verifies that a stalled reader neither delays a fast client nor stays connected past the stuck timeout. */
  @Test
  void stalledReaderDoesNotDelayOthersAndIsClosedWith1013() throws Exception {
    // GIVEN a fast client following one machine
    fast = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe("machines/" + MACHINE);
    fast.next("snapshot", 5);

    // AND a client that asks for megabytes of snapshots and never reads them
    slow = StalledWebSocket.connect(gw.httpPort());
    JsonArray everyCategory = new JsonArray();
    for (Branch branch : TestGateway.CATALOG.branches()) {
      for (Category category : Category.values()) {
        everyCategory.add("branches/" + branch.id() + "/categories/" + category.wireName());
      }
    }
    for (int round = 0; round < 40; round++) {
      slow.send(new JsonObject().put("action", "subscribe").put("topics", everyCategory));
      slow.send(new JsonObject().put("action", "unsubscribe").put("topics", everyCategory));
    }
    slow.send(new JsonObject().put("action", "subscribe").put("topics", everyCategory));

    // WHEN the followed machine changes many times while the slow client is backed up
    hub = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    for (int seq = 1; seq <= 30; seq++) {
      String status = seq % 2 == 0 ? "free" : "occupied";
      hub.publish(Devices.topic(GYM, MACHINE), Devices.status(status, Devices.now(), seq), 1, false);

      // THEN the fast client sees every change, each within a couple of seconds
      JsonObject update = fast.next("machine", 2);
      assertEquals(status, update.getString("status"), "update " + seq);
    }

    // AND the stalled client is closed for being stuck, leaving only the fast one connected
    waitUntil(() -> gw.metric("gympulse.ws.slow.clients.closed") == 1);
    assertEquals(1, Http.get(gw.httpPort(), "/ready").<JsonObject>json().getInteger("webSocketConnections"));
    // AND once it reads again, what it finds after its backlog is a close frame with 1013 (try again later)
    assertEquals(1013, slow.readUntilCloseFrame());
    fast.send(new JsonObject().put("action", "ping"));
    fast.next("pong", 5);
  }
}
