package io.gympulse.gateway.fanout;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.StalledWebSocket;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client with more than {@code WS_MAX_PENDING_UPDATES} messages waiting is closed with 1013, long before it is stuck. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PendingUpdatesLimitTest {

  private static final int MAX_PENDING = 50;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of(
      "WS_MAX_PENDING_UPDATES", Integer.toString(MAX_PENDING),
      // far beyond the test's length: only the pending bound can close the stalled client
      "WS_STUCK_TIMEOUT_MS", "600000",
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

  /** Verifies that a client past the pending bound is closed with 1013 while another keeps receiving every change. */
  @Test
  void clientPastPendingBoundIsClosedWith1013() throws Exception {
    // GIVEN a fast client following one machine
    fast = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe("machines/" + MACHINE);
    fast.next("snapshot", 5);
    hub = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);

    // WHEN a client that never reads keeps asking for snapshots of a few categories, each round well within the
    // bound, until replies pile up behind its full socket
    JsonArray someCategories = new JsonArray();
    for (int i = 0; i < 5; i++) {
      someCategories.add("branches/" + TestGateway.CATALOG.branches().get(i).id() + "/categories/"
          + Category.values()[i % Category.values().length].wireName());
    }
    slow = StalledWebSocket.connect(gw.httpPort());
    long seq = 0;
    for (int round = 0; round < 5_000 && gw.metric("gympulse.ws.slow.clients.closed") == 0; round++) {
      try {
        slow.send(new JsonObject().put("action", "subscribe").put("topics", someCategories));
        slow.send(new JsonObject().put("action", "unsubscribe").put("topics", someCategories));
      } catch (IOException closedMeanwhile) {
        break;
      }
      if (round % 100 == 0) {
        // THEN the fast client keeps seeing every change meanwhile
        String status = ++seq % 2 == 0 ? "free" : "occupied";
        hub.publish(Devices.topic(GYM, MACHINE), Devices.status(status, Devices.now(), seq), 1, false);
        assertEquals(status, fast.next("machine", 10).getString("status"), "update " + seq);
      }
    }

    // AND the stalled client was closed for its pending messages, with 1013 (try again later) on the wire
    assertEquals(1, gw.metric("gympulse.ws.slow.clients.closed"), "closed for its backlog");
    assertEquals(1013, slow.readUntilCloseFrame());
    // AND the fast client is still connected and served, the only one left once the stalled one's socket is gone
    // (the close frame is on the wire a moment before the server's close handler forgets the connection)
    waitUntil(() -> Http.get(gw.httpPort(), "/ready").<JsonObject>json().getInteger("webSocketConnections") == 1,
        Duration.ofSeconds(5));
    String status = ++seq % 2 == 0 ? "free" : "occupied";
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status(status, Devices.now(), seq), 1, false);
    assertEquals(status, fast.next("machine", 10).getString("status"));
    assertNull(fast.closeStatus());
  }
}
