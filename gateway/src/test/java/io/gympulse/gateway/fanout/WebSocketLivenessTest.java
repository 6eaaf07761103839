package io.gympulse.gateway.fanout;

import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.StalledWebSocket;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server pings find dead WebSocket peers; live ones answer them and stay. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketLivenessTest {

  private static final long PING_INTERVAL_MS = 300;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("WS_PING_INTERVAL_MS", Long.toString(PING_INTERVAL_MS)));

  private StalledWebSocket dead;
  private WsProbe alive;

  @AfterEach
  void closeClients() throws Exception {
    if (dead != null) {
      dead.close();
    }
    if (alive != null) {
      alive.close();
    }
  }

  private int connections() {
    return Http.get(gw.httpPort(), "/ready").<JsonObject>json().getInteger("webSocketConnections");
  }

  /** Verifies that a peer that never answers pings is closed while one that does stays connected. */
  @Test
  void peerThatNeverAnswersPingsIsClosed() throws Exception {
    // GIVEN a client whose peer never reads (so never answers pings) and a normal client
    dead = StalledWebSocket.connect(gw.httpPort());
    alive = WsProbe.connect(gw.vertx(), gw.httpPort());
    waitUntil(() -> connections() == 2);

    // WHEN a few ping intervals pass
    Thread.sleep(4 * PING_INTERVAL_MS);

    // THEN only the answering client is left
    waitUntil(() -> connections() == 1);
    assertNull(alive.closeStatus());
    alive.send(new JsonObject().put("action", "ping"));
    assertEquals("pong", alive.next("pong", 5).getString("type"));
  }
}
