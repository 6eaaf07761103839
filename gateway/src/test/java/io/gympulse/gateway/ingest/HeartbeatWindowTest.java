package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.MutableClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A machine that stops reporting shows as offline after the heartbeat window. Gateway time stands still unless the
 * test moves it, so a busy machine's pauses never count as silence and the window is exact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatWindowTest {

  private static final long HEARTBEAT_WINDOW_MS = 600;

  private final MutableClock clock = new MutableClock(Instant.now());

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("HEARTBEAT_WINDOW_MS", Long.toString(HEARTBEAT_WINDOW_MS)))
      .clock(clock);

  private MqttClient sensor;

  @AfterEach
  void closeDevices() {
    Devices.closeQuietly(sensor);
  }

  private String status(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  private JsonObject latestEvent(String machineId) {
    // the window ends at the gateway's (stopped) clock, a moment after the device's report times
    return Http.get(gw.httpPort(), "/machines/" + machineId + "/history?to=" + ((long) clock.seconds() + 60))
        .<JsonObject>json().getJsonArray("events").getJsonObject(0);
  }

  /** Verifies that a machine silent past the heartbeat window turns offline while one that keeps reporting stays. */
  @Test
  void silentMachineTurnsOfflineAfterHeartbeatWindow() throws Exception {
    // GIVEN two machines reported free
    sensor = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID);
    sensor.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);
    sensor.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status("free", Devices.now(), 1), 1, false);

    // WHEN two thirds of a window pass, only one of them reports again, and another half window passes
    clock.advance(Duration.ofMillis(HEARTBEAT_WINDOW_MS * 2 / 3));
    sensor.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status("free", Devices.now(), 2), 1, false);
    Thread.sleep(2 * HEARTBEAT_WINDOW_MS); // several sweeps (every window / 4 of real time): none may expire yet
    assertEquals("free", status(MACHINE), "silent for less than a window");
    clock.advance(Duration.ofMillis(HEARTBEAT_WINDOW_MS / 2));

    // THEN the silent one is offline (heartbeat timeout) and the chatty one is still free
    waitUntil(() -> "offline".equals(status(MACHINE)));
    assertEquals("heartbeat_timeout", latestEvent(MACHINE).getString("cause"));
    assertEquals("free", status(OTHER_MACHINE));

    // AND the silent machine comes back with its next report
    sensor.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 2), 1, false);
    assertEquals("occupied", status(MACHINE));
  }
}
