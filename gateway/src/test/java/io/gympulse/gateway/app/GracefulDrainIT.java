package io.gympulse.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayProcess;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged jar sent a real SIGTERM drains as a container platform expects: out of rotation, clients told, nothing lost. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulDrainIT {

  private static final int DRAIN_SECONDS = 2;
  /** Enough clients that the drain (the last closed at 3/4 of it) outlasts the checks made during it. */
  private static final int CLIENTS = 4;
  private static final long SEQ = 4242;

  private Vertx vertx;
  private GatewayProcess gateway;
  private final List<WsProbe> probes = new ArrayList<>();
  private MqttClient device;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    probes.forEach(WsProbe::close);
    Devices.closeQuietly(device);
    if (gateway != null) {
      gateway.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * Verifies that on SIGTERM the jar answers {@code /ready} with 503, acknowledges and stores a QoS 1 report sent just
   * before, tells its WebSocket clients {@code draining} and closes them with 1001, and exits within DRAIN_SECONDS + 10 s.
   */
  @Test
  void sigtermDrainsClientsAndFinishesPendingReports() throws Exception {
    // GIVEN the jar with a 2 s drain, WebSocket clients following a branch, and a connected device
    gateway = GatewayProcess.start(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "HTTP_HOST", "127.0.0.1",
        "MQTT_HOST", "127.0.0.1", "DRAIN_SECONDS", Integer.toString(DRAIN_SECONDS))).awaitListening(60);
    for (int i = 0; i < CLIENTS; i++) {
      WsProbe probe = WsProbe.connect(vertx, gateway.httpPort()).subscribe("branches/" + Devices.GYM);
      probe.next("snapshot", 10);
      probes.add(probe);
    }
    device = Devices.connect(gateway.mqttPort(), Devices.HUB_CLIENT_ID);

    // WHEN the device publishes a QoS 1 report and the process is sent SIGTERM right after, before any PUBACK
    MqttMessage report = new MqttMessage(Devices.status("occupied", Devices.now(), SEQ));
    report.setQos(1);
    IMqttDeliveryToken delivery = device.getTopic(Devices.topic(Devices.GYM, Devices.MACHINE)).publish(report);
    long terminated = System.nanoTime();
    gateway.terminate();

    // THEN readiness turns 503 draining while the listener still answers
    Http.Response ready = Http.get(gateway.httpPort(), "/ready");
    while (ready.status() == 200) {
      assertTrue(System.nanoTime() - terminated < TimeUnit.SECONDS.toNanos(DRAIN_SECONDS), "/ready still 200");
      Thread.sleep(20);
      ready = Http.get(gateway.httpPort(), "/ready");
    }
    assertEquals(503, ready.status(), ready.text());
    assertEquals("draining", ready.<JsonObject>json().getString("status"));
    // AND the report was acknowledged, so durably written, and is in the history the draining gateway serves
    delivery.waitForCompletion(5_000);
    assertTrue(delivery.isComplete(), "no PUBACK");
    assertNull(delivery.getException(), "publish failed");
    JsonObject history = Http.get(gateway.httpPort(), "/machines/" + Devices.MACHINE + "/history").json();
    assertTrue(history.getJsonArray("events").stream().map(JsonObject.class::cast)
        .anyMatch(event -> Long.valueOf(SEQ).equals(event.getLong("seq"))), history.encode());
    // AND every WebSocket client is told, then closed going away
    for (WsProbe probe : probes) {
      assertTrue(probe.next("draining", 5).getLong("reconnectAfterMs") >= 0);
    }
    for (WsProbe probe : probes) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS + 5);
      while (probe.closeStatus() == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals((short) 1001, probe.closeStatus());
    }
    // AND the process ran its whole shutdown and exited within the drain plus the stop margin
    gateway.awaitGracefulStop(DRAIN_SECONDS + 10 - TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - terminated));
  }
}
