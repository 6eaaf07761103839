package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gateway instances on one broker: every instance follows every device, so members see the same on any of them. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UpstreamLivePathTest {

  private final GuardedVertx guarded = GuardedVertx.create();
  private final List<TestGateway> gateways = new ArrayList<>();
  private final List<WsProbe> members = new ArrayList<>();
  private Mosquitto broker;

  @AfterEach
  void close() throws Exception {
    members.forEach(WsProbe::close);
    gateways.forEach(TestGateway::stop);
    guarded.closeAndAssertNoBlocking();
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Verifies that a device publishing to the broker (not to any gateway) reaches the WebSocket members of both
   * instances, and that both instances' REST answers agree, over two live connections per instance.
   */
  @Test
  void aDevicePublishingToTheBrokerReachesMembersOnEveryInstance() throws Exception {
    // GIVEN a broker and two gateway instances following it, each with a member watching one machine
    broker = Mosquitto.start(false);
    for (String instance : List.of("gw-a", "gw-b")) {
      TestGateway gateway = TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", instance,
          "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_UPSTREAM_CONNECTIONS", "2"),
          TestGateway.machineStore());
      gateways.add(gateway);
      String topic = "machines/" + MACHINE;
      WsProbe member = WsProbe.connect(guarded.vertx(), gateway.httpPort()).subscribe(topic);
      member.next("snapshot", 5);
      members.add(member);
    }
    waitUntil(() -> gateways.stream().allMatch(gateway -> Http.get(gateway.httpPort(), "/ready").status() == 200));
    Thread.sleep(1_000); // the broker delivers only to subscriptions it has acknowledged

    // WHEN the device publishes a change to the broker
    MqttClient device = Devices.connect(broker.port(), Devices.MACHINE_CLIENT_ID);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    device.disconnect();
    device.close();

    // THEN every instance's member is told, and both instances answer the same
    for (WsProbe member : members) {
      JsonObject update = member.next(m -> "machine".equals(m.getString("type")) && MACHINE.equals(m.getString("machineId")), 10);
      assertEquals("occupied", update.getString("status"));
    }
    for (TestGateway gateway : gateways) {
      waitUntil(() -> "occupied".equals(Http.get(gateway.httpPort(), "/machines/" + MACHINE).<JsonObject>json()
          .getString("status")), Duration.ofSeconds(5));
    }
  }
}
