package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.auth.DevCertificates;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.Upstream;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway following a broker that, like AWS IoT Core, speaks only MQTT over TLS and requires a client
 * certificate; the certificate, its key and the CA are given as PEM text, as ECS passes them from Secrets Manager.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamTlsTest {

  private static final String MACHINE = "legpress-centralc-01";

  @TempDir
  static Path certs;

  private final GuardedVertx guarded = GuardedVertx.create();
  private TestGateway gateway;
  private Mosquitto broker;

  @BeforeAll
  static void certificates() throws Exception {
    DevCertificates.init(certs);
    DevCertificates.device(certs, "gw-tls");
  }

  @AfterEach
  void close() throws Exception {
    if (gateway != null) {
      gateway.stop();
    }
    guarded.closeAndAssertNoBlocking();
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Verifies that a gateway given its client certificate, key and CA as PEM values connects to a mutual-TLS broker,
   * checks the broker's name, and both sends and receives there: a report a device gives the gateway's own listener
   * goes to the broker and comes back to the live state.
   */
  @Test
  void followsAMutualTlsBrokerWithPemValues() throws Exception {
    broker = Mosquitto.startMutualTls(certs);
    Map<String, String> env = tls(Files.readString(certs.resolve("gw-tls.pem")), Files.readString(certs.resolve("gw-tls-key.pem")));
    gateway = TestGateway.start(guarded.vertx(), env, TestGateway.machineStore());

    Upstream.awaitUp(gateway.httpPort(), Duration.ofSeconds(20));
    MqttClient device = Devices.connect(gateway.mqttPort(), Devices.MACHINE_CLIENT_ID);
    // acknowledged only once the broker acknowledged it over TLS
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    device.disconnect();
    device.close();

    waitUntil(() -> "occupied".equals(Http.get(gateway.httpPort(), "/machines/" + MACHINE).<JsonObject>json()
        .getString("status")), Duration.ofSeconds(10));
  }

  /** Verifies that the broker refuses the gateway without a client certificate: the broker is never reported up. */
  @Test
  void withoutItsClientCertificateTheGatewayIsRefused() throws Exception {
    broker = Mosquitto.startMutualTls(certs);
    Map<String, String> env = tls(null, null);
    gateway = TestGateway.start(guarded.vertx(), env, TestGateway.machineStore());

    Thread.sleep(3_000);

    assertEquals("degraded", Upstream.status(gateway.httpPort()));
  }

  private Map<String, String> tls(String cert, String key) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("INSTANCE_ID", "gw-tls",
        // the name in the broker's certificate, which the gateway checks
        "MQTT_UPSTREAM", "mqtts://localhost:" + broker.port(),
        "MQTT_UPSTREAM_CA", Files.readString(certs.resolve("ca.pem"))));
    if (cert != null) {
      env.put("MQTT_UPSTREAM_CERT", cert);
      env.put("MQTT_UPSTREAM_KEY", key);
    }
    return env;
  }
}
