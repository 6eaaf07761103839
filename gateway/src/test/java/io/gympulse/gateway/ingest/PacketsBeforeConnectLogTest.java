package io.gympulse.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.RawMqtt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A client that sends packets before CONNECT cannot flood the log. Vert.x MQTT throws for each such packet, and no
 * handler of ours sees it; Vert.x would log each with a stack trace at ERROR (about 34 lines a packet).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PacketsBeforeConnectLogTest {

  private static final int CLIENTS = 5;
  private static final int PACKETS_EACH = 40;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("MQTT_CONNECTS_PER_ADDRESS_PER_MINUTE", "100000"));
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
      .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void capture() {
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
  }

  /** Verifies that 200 PUBLISH packets before CONNECT, from five clients, leave at most ten log events about them. */
  @Test
  void packetsBeforeConnectAreLoggedAtABoundedRate() throws Exception {
    // WHEN five clients each send 40 PUBLISH packets and no CONNECT
    byte[] payload = "{\"status\":\"free\"}".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < CLIENTS; i++) {
      try (RawMqtt client = RawMqtt.open(gw.mqttPort())) {
        for (int packet = 0; packet < PACKETS_EACH; packet++) {
          client.publish(Devices.topic(Devices.GYM, Devices.MACHINE), payload);
        }
        client.millisUntilServerCloses();
      } catch (IOException closedMeanwhile) {
        // the gateway closes such a connection, possibly while packets are still being sent
      }
    }

    // THEN the log has at most ten events about them (some may have gone to earlier tests' window), and the gateway
    // still serves
    long aboutThem = captured.list.stream().filter(e -> mentions(e, "not connected client")).count();
    assertTrue(aboutThem <= 10, aboutThem + " log events for " + CLIENTS * PACKETS_EACH + " packets");
    assertEquals(200, Http.get(gw.httpPort(), "/health").status());
  }

  private static boolean mentions(ILoggingEvent event, String text) {
    return event.getFormattedMessage().contains(text)
        || event.getThrowableProxy() != null && String.valueOf(event.getThrowableProxy().getMessage()).contains(text);
  }
}
