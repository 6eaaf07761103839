package io.gympulse.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.RawMqtt;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A socket that never completes its CONNECT is closed after MQTT_CONNECT_TIMEOUT_SECONDS, not held for minutes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectTimeoutTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("MQTT_CONNECT_TIMEOUT_SECONDS", "1"));

  /** Verifies that a socket sending half a CONNECT is closed once the CONNECT timeout has passed. */
  @Test
  void halfACONNECTIsClosedAfterTheTimeout() throws Exception {
    try (RawMqtt raw = RawMqtt.open(gw.mqttPort())) {
      // GIVEN a CONNECT that announces 32 bytes and sends 4 of them (the decoder waits for the rest)
      raw.sendRaw(new byte[] {0x10, 0x20, 0x00, 0x04, 'M', 'Q'});
      // WHEN nothing more comes, THEN the gateway closes the socket after about a second (the socket's own read
      // timeout, 10 s, would fail the test first if it never did)
      long millis = raw.millisUntilServerCloses();
      assertTrue(millis >= 500, "closed before the timeout: " + millis + " ms");
    }
  }

  /** Verifies that a socket that sends nothing at all is closed once the CONNECT timeout has passed. */
  @Test
  void silentSocketIsClosedAfterTheTimeout() throws Exception {
    try (RawMqtt raw = RawMqtt.open(gw.mqttPort())) {
      long millis = raw.millisUntilServerCloses();
      assertTrue(millis >= 500, "closed before the timeout: " + millis + " ms");
    }
  }
}
