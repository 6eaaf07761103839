package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.ForwardingMachineStore;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.Upstream;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's own MQTT listeners beside a broker upstream: a device connected to one instance reaches every
 * instance through the broker, stored once, and is acknowledged only once the broker has its report.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OwnListenersWithBrokerTest {

  private final GuardedVertx guarded = GuardedVertx.create();
  private final List<TestGateway> gateways = new ArrayList<>();
  private final List<WsProbe> members = new ArrayList<>();
  private final List<String> stored = new CopyOnWriteArrayList<>();
  private Mosquitto broker;
  private MqttClient device;

  @BeforeEach
  void start() throws Exception {
    // GIVEN a broker and two instances on one store, both with their plain MQTT listener on
    broker = Mosquitto.start(false);
    MachineStore shared = new ForwardingMachineStore(TestGateway.machineStore()) {
      @Override
      public Future<Void> recordTransition(MachineEvent event, MachineState state) {
        stored.add(event.machineId() + ":" + state.status().wireName());
        return super.recordTransition(event, state);
      }
    };
    for (String instance : List.of("gw-a", "gw-b")) {
      TestGateway gateway = TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", instance,
          "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port()), TestGateway.stores(shared));
      gateways.add(gateway);
      WsProbe member = WsProbe.connect(guarded.vertx(), gateway.httpPort()).subscribe("machines/" + MACHINE);
      member.next("snapshot", 5);
      members.add(member);
    }
    awaitUpstream();
  }

  @AfterEach
  void stop() throws Exception {
    Devices.closeQuietly(device);
    members.forEach(WsProbe::close);
    gateways.forEach(TestGateway::stop);
    guarded.closeAndAssertNoBlocking();
    broker.close();
  }

  /** Verifies that a report sent to instance A's own listener reaches members of A and B, and is stored once. */
  @Test
  void aDeviceOnOneInstancesListenerReachesEveryInstanceThroughTheBroker() throws Exception {
    // WHEN a device connected to gw-a's listener publishes a change at QoS 1 (Paho waits for the PUBACK)
    device = Devices.connect(gateways.get(0).mqttPort(), Devices.MACHINE_CLIENT_ID);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);

    // THEN members of both instances see it, and it is stored once
    for (WsProbe member : members) {
      JsonObject update = member.next(m -> "machine".equals(m.getString("type")), 10);
      assertEquals("occupied", update.getString("status"));
    }
    waitUntil(() -> stored.size() >= 1, Duration.ofSeconds(10));
    Thread.sleep(500);
    assertEquals(List.of(MACHINE + ":occupied"), stored);
    assertEquals(1.0, gateways.get(0).metric("gympulse.mqtt.messages.accepted", "outcome", "forwarded"));
  }

  /** Verifies that a device on an instance's listener that vanishes goes offline on every instance (its Last Will). */
  @Test
  void aVanishedDeviceGoesOfflineOnEveryInstance() throws Exception {
    MqttConnectOptions withWill = new MqttConnectOptions();
    withWill.setWill(Devices.topic(GYM, MACHINE), "{\"status\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, false);
    device = Devices.connect(gateways.get(0).mqttPort(), Devices.MACHINE_CLIENT_ID, withWill);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);

    // WHEN it drops its connection without DISCONNECT
    device.disconnectForcibly(0, 100, false);

    // THEN gw-b shows the machine offline too
    waitUntil(() -> "offline".equals(Http.get(gateways.get(1).httpPort(), "/machines/" + MACHINE).<JsonObject>json()
        .getString("status")), Duration.ofSeconds(10));
  }

  /**
   * Verifies that while the broker is down a report is not acknowledged (the device is disconnected, so it sends it
   * again), and that once the broker is back the same report goes through.
   */
  @Test
  void aReportIsNotAcknowledgedWhileTheBrokerIsDown() throws Exception {
    device = Devices.connect(gateways.get(0).mqttPort(), Devices.MACHINE_CLIENT_ID);
    broker.stop();
    waitUntil(() -> !"up".equals(Upstream.status(gateways.get(0).httpPort())), Duration.ofSeconds(10));

    byte[] report = Devices.status("occupied", Devices.now(), 1);
    assertThrows(MqttException.class, () -> device.publish(Devices.topic(GYM, MACHINE), report, 1, false));
    assertEquals(1.0, gateways.get(0).metric("gympulse.mqtt.rejections", "reason", "not_durable"));

    broker.startAgain();
    awaitUpstream();
    Devices.closeQuietly(device);
    device = Devices.connect(gateways.get(0).mqttPort(), Devices.MACHINE_CLIENT_ID);
    device.publish(Devices.topic(GYM, MACHINE), report, 1, false);
    waitUntil(() -> "occupied".equals(Http.get(gateways.get(1).httpPort(), "/machines/" + MACHINE).<JsonObject>json()
        .getString("status")), Duration.ofSeconds(10));
  }

  private void awaitUpstream() throws InterruptedException {
    for (TestGateway gateway : gateways) {
      Upstream.awaitUp(gateway.httpPort(), Duration.ofSeconds(20));
    }
  }
}
