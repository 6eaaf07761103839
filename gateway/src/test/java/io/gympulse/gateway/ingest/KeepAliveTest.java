package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.RawMqtt;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A device that goes silent without closing its connection is dropped by keep-alive and its will fires. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeepAliveTest {

  @RegisterExtension
  // a 1 s keep-alive is below the production minimum; the test needs one short enough to wait for
  final GatewayExtension gw = GatewayExtension.with(java.util.Map.of("MQTT_MIN_KEEPALIVE_SECONDS", "1"));

  private RawMqtt device;

  @AfterEach
  void closeDevice() throws Exception {
    if (device != null) {
      device.close();
    }
  }

  /** Verifies that a silent connection is closed after 1.5 × keep-alive and the machine goes offline by its will. */
  @Test
  void silentConnectionIsClosedByKeepAliveAndWillFires() throws Exception {
    // GIVEN a device with a 1 s keep-alive and a Last Will, which reports its machine free
    device = RawMqtt.open(gw.mqttPort());
    assertEquals(0, device.connectWithWill(Devices.MACHINE_CLIENT_ID, 1, Devices.topic(GYM, MACHINE),
        "{\"status\":\"offline\"}"));
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1));
    waitUntil(() -> "free".equals(status()));

    // WHEN it sends nothing more, not even PINGREQ, and keeps the socket open
    long closedAfter = device.millisUntilServerCloses();

    // THEN the gateway closes it after about 1.5 keep-alive periods, and the will marks the machine offline
    assertTrue(closedAfter >= 1_000 && closedAfter < 5_000, "closed after " + closedAfter + " ms");
    waitUntil(() -> "offline".equals(status()));
  }

  private String status() {
    return Http.get(gw.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status");
  }
}
