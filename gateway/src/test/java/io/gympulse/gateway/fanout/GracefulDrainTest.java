package io.gympulse.gateway.fanout;

import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A graceful drain takes the instance out of the load balancer at once and lets its WebSocket clients go one by one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulDrainTest {

  private static final long DRAIN_MS = 2_000;
  private static final int CLIENTS = 3;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("DRAIN_SECONDS", Long.toString(DRAIN_MS / 1000)));

  private final List<WsProbe> probes = new ArrayList<>();
  private WebSocketClient latecomer;

  @AfterEach
  void closeClients() {
    probes.forEach(WsProbe::close);
    if (latecomer != null) {
      latecomer.close();
    }
  }

  /**
   * Verifies that a drain answers {@code /ready} with 503 and refuses new upgrades at once, tells every client
   * {@code draining} with spread reconnect delays, and closes them with 1001 spread over {@code DRAIN_SECONDS}.
   */
  @Test
  void drainTellsEveryClientThenClosesThemSpreadOverTheDrainPeriod() throws Exception {
    // GIVEN three clients following the chain
    for (int i = 0; i < CLIENTS; i++) {
      WsProbe probe = WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe("branches");
      probe.next("snapshot", 5);
      probes.add(probe);
    }
    waitUntil(() -> ready().<JsonObject>json().getInteger("webSocketConnections") == CLIENTS);

    // WHEN the drain begins
    Future<Void> drained = gw.gateway().gateway().drain();

    // THEN readiness fails at once while liveness holds
    Http.Response ready = ready();
    assertEquals(503, ready.status(), ready.text());
    assertEquals("draining", ready.<JsonObject>json().getString("status"), ready.text());
    assertEquals(200, Http.get(gw.httpPort(), "/health").status());
    // AND a new client is refused
    latecomer = gw.vertx().createWebSocketClient(new WebSocketClientOptions());
    Exception refused = assertThrows(Exception.class,
        () -> latecomer.connect(gw.httpPort(), "127.0.0.1", "/ws").await(5, TimeUnit.SECONDS));
    UpgradeRejectedException rejection = assertRejected(refused);
    assertEquals(503, rejection.getStatus());
    assertEquals("draining", new JsonObject(rejection.getBody()).getJsonObject("error").getString("code"));

    // AND every client is told, with its own reconnect delay within the drain period, then closed going away
    List<Long> delays = new ArrayList<>();
    for (WsProbe probe : probes) {
      long delay = probe.next("draining", 5).getLong("reconnectAfterMs");
      assertTrue(delay >= 0 && delay < DRAIN_MS, "reconnectAfterMs " + delay);
      delays.add(delay);
    }
    for (WsProbe probe : probes) {
      waitUntil(() -> probe.closeStatus() != null);
      assertEquals((short) 1001, probe.closeStatus());
    }
    drained.await(5, TimeUnit.SECONDS);

    // AND the closes and the reconnect delays are spread, not one spike (i of n closes at i x 2 s / n)
    long firstClose = probes.stream().mapToLong(WsProbe::closedAtNanos).min().orElseThrow();
    long lastClose = probes.stream().mapToLong(WsProbe::closedAtNanos).max().orElseThrow();
    assertTrue(TimeUnit.NANOSECONDS.toMillis(lastClose - firstClose) >= 1_000,
        "closes " + TimeUnit.NANOSECONDS.toMillis(lastClose - firstClose) + " ms apart");
    long delaySpread = delays.stream().mapToLong(Long::longValue).max().orElseThrow()
        - delays.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(delaySpread >= DRAIN_MS / CLIENTS, "reconnect delays " + delays);
  }

  private Http.Response ready() {
    return Http.get(gw.httpPort(), "/ready");
  }

  private static UpgradeRejectedException assertRejected(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UpgradeRejectedException rejected) {
        return rejected;
      }
    }
    throw new AssertionError("expected the upgrade to be rejected", failure);
  }
}
