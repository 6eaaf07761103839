package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Device identity, topic ACL, payload validation and ordering of MQTT ingest, with Paho as the device. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttIngestTest {

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private final List<MqttClient> devices = new ArrayList<>();

  @AfterEach
  void closeDevices() {
    devices.forEach(Devices::closeQuietly);
  }

  private MqttClient device(String clientId) throws MqttException {
    MqttClient client = Devices.connect(gw.mqttPort(), clientId);
    devices.add(client);
    return client;
  }

  private JsonObject machine(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId).json();
  }

  private JsonArray events(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId + "/history").<JsonObject>json().getJsonArray("events");
  }

  private double rejections(String reason) {
    return gw.metric("gympulse.mqtt.rejections", "reason", reason);
  }

  /** Verifies that a client id the catalog does not know is refused in the CONNACK. */
  @Test
  void unknownClientIdIsRefusedAtConnect() {
    MqttException refused = assertThrows(MqttException.class,
        () -> device("gym-" + GYM + "-no-such-machine"));
    assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refused.getReasonCode());
    assertEquals(1, rejections("client_id_not_allowed"));
  }

  /** Verifies that a sensor publishing to another machine's topic is disconnected and changes nothing. */
  @Test
  void publishToForeignMachineTopicDisconnectsDevice() throws Exception {
    // GIVEN the sensor of one machine
    MqttClient sensor = device(Devices.MACHINE_CLIENT_ID);

    // WHEN it publishes the status of another machine
    publishExpectingDisconnect(sensor, Devices.topic(GYM, OTHER_MACHINE));

    // THEN it is disconnected, as AWS IoT Core does, and the other machine is untouched
    waitUntil(() -> !sensor.isConnected());
    assertEquals("offline", machine(OTHER_MACHINE).getString("status"));
    assertEquals(1, rejections("topic_not_allowed"));
  }

  /** Verifies that a branch hub may publish for machines of its branch but not for another branch. */
  @Test
  void hubPublishesForOwnBranchOnly() throws Exception {
    MqttClient hub = device(Devices.HUB_CLIENT_ID);
    hub.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status("free", Devices.now(), 1), 1, false);
    assertEquals("free", machine(OTHER_MACHINE).getString("status"));

    publishExpectingDisconnect(hub, Devices.topic("hk-causeway-hennessy", "legpress-causewayh-01"));
    waitUntil(() -> !hub.isConnected());
    assertEquals("offline", machine("legpress-causewayh-01").getString("status"));
    assertEquals(1, rejections("topic_not_allowed"));
  }

  /** Publishes at QoS 0; the server may drop the connection before Paho completes the send, which is fine. */
  private static void publishExpectingDisconnect(MqttClient client, String topic) {
    try {
      client.publish(topic, Devices.status("occupied", Devices.now(), 1), 0, false);
    } catch (MqttException raced) {
      // the disconnect beat the publish token: the assertion that follows is what matters
    }
  }

  static Stream<Arguments> malformedPayloads() {
    double now = System.currentTimeMillis() / 1000.0;
    return Stream.of(
        Arguments.of("not JSON", "occupied!".getBytes(StandardCharsets.UTF_8), "invalid_json"),
        Arguments.of("JSON array", "[1,2]".getBytes(StandardCharsets.UTF_8), "invalid_json"),
        Arguments.of("unknown status", json(new JsonObject().put("status", "busy").put("timestamp", now)), "invalid_status"),
        Arguments.of("missing status", json(new JsonObject().put("timestamp", now)), "invalid_status"),
        Arguments.of("missing timestamp", json(new JsonObject().put("status", "free")), "invalid_timestamp"),
        Arguments.of("timestamp as text", json(new JsonObject().put("status", "free").put("timestamp", "now")), "invalid_timestamp"),
        Arguments.of("negative timestamp", json(new JsonObject().put("status", "free").put("timestamp", -5)), "invalid_timestamp"),
        Arguments.of("far-future timestamp", json(new JsonObject().put("status", "free").put("timestamp", now + 86_400)),
            "timestamp_in_future"),
        Arguments.of("fractional seq", json(new JsonObject().put("status", "free").put("timestamp", now).put("seq", 1.5)),
            "invalid_seq"),
        Arguments.of("body machineId differs from topic", json(new JsonObject().put("status", "free").put("timestamp", now)
            .put("machineId", OTHER_MACHINE)), "id_mismatch"),
        Arguments.of("body gymId differs from topic", json(new JsonObject().put("status", "free").put("timestamp", now)
            .put("gymId", "hk-causeway-hennessy")), "id_mismatch"),
        Arguments.of("oversize payload", json(new JsonObject().put("status", "free").put("timestamp", now)
            .put("padding", "x".repeat(5_000))), "payload_too_large"));
  }

  private static byte[] json(JsonObject object) {
    return object.toBuffer().getBytes();
  }

  /** Verifies that each kind of malformed payload is rejected, counted by reason, and leaves state and log untouched. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPayloads")
  void malformedPayloadIsRejectedAndCounted(String description, byte[] payload, String reason) throws Exception {
    // GIVEN a hub of the machine's branch
    MqttClient hub = device(Devices.HUB_CLIENT_ID);

    // WHEN it publishes a malformed payload at QoS 1 (the PUBACK still comes, so publish returns)
    hub.publish(Devices.topic(GYM, MACHINE), payload, 1, false);

    // THEN the rejection is counted by reason, the device stays connected, state and log are unchanged
    assertEquals(1, rejections(reason), description);
    assertTrue(hub.isConnected(), "payload errors do not disconnect a well-identified device");
    assertEquals("offline", machine(MACHINE).getString("status"));
    assertEquals(0, events(MACHINE).size());

    // AND a valid message afterwards is accepted
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);
    assertEquals("free", machine(MACHINE).getString("status"));
  }

  /** Verifies that a hub publishing for a machine that is not in the catalog is rejected and counted. */
  @Test
  void unknownMachineIsRejected() throws Exception {
    MqttClient hub = device(Devices.HUB_CLIENT_ID);
    hub.publish(Devices.topic(GYM, "ghost-machine-01"), Devices.status("free", Devices.now(), 1), 1, false);
    assertEquals(1, rejections("unknown_machine"));
    assertEquals(404, Http.get(gw.httpPort(), "/machines/ghost-machine-01").status());
  }

  /** Verifies that an update older than the current state (by timestamp, then seq) never rolls state back. */
  @Test
  void olderUpdateDoesNotRollStateBack() throws Exception {
    MqttClient sensor = device(Devices.MACHINE_CLIENT_ID);
    String topic = Devices.topic(GYM, MACHINE);
    double now = Devices.now();
    sensor.publish(topic, Devices.status("occupied", now, 5), 1, false);

    sensor.publish(topic, Devices.status("free", now - 10, 6), 1, false); // older timestamp
    sensor.publish(topic, Devices.status("free", now, 4), 1, false); // same timestamp, older seq

    assertEquals("occupied", machine(MACHINE).getString("status"));
    assertEquals(1, events(MACHINE).size());
    assertEquals(2, gw.metric("gympulse.mqtt.messages.accepted", "outcome", "stale"));
  }

  /** Verifies that a re-delivered message is acknowledged but creates no second event. */
  @Test
  void duplicateCreatesNoSecondEvent() throws Exception {
    MqttClient sensor = device(Devices.MACHINE_CLIENT_ID);
    byte[] payload = Devices.status("occupied", Devices.now(), 7);
    sensor.publish(Devices.topic(GYM, MACHINE), payload, 1, false);
    sensor.publish(Devices.topic(GYM, MACHINE), payload, 1, false);

    assertEquals(1, events(MACHINE).size());
    assertEquals(1, gw.metric("gympulse.mqtt.messages.accepted", "outcome", "duplicate"));
  }

  /** Verifies that devices cannot subscribe: the gateway is not a broker. */
  @Test
  void subscribeIsRefused() throws Exception {
    MqttClient sensor = device(Devices.MACHINE_CLIENT_ID);
    MqttException refused = assertThrows(MqttException.class, () -> sensor.subscribe("org/#", 0));
    assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode());
    assertEquals(1, rejections("subscribe_not_supported"));
  }

  /** Verifies that a second connection with the same client id takes over without firing the Last Will. */
  @Test
  void sameClientIdTakesOverWithoutLastWill() throws Exception {
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setWill(Devices.topic(GYM, MACHINE), "{\"status\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, false);
    MqttClient first = Devices.connect(gw.mqttPort(), Devices.MACHINE_CLIENT_ID, options);
    devices.add(first);
    first.publish(Devices.topic(GYM, MACHINE), Devices.status("free", Devices.now(), 1), 1, false);

    MqttClient second = device(Devices.MACHINE_CLIENT_ID);

    waitUntil(() -> !first.isConnected());
    assertTrue(second.isConnected());
    Thread.sleep(200); // give a wrongly fired will time to show
    assertEquals("free", machine(MACHINE).getString("status"));
    assertFalse(events(MACHINE).stream().map(JsonObject.class::cast)
        .anyMatch(e -> "last_will".equals(e.getString("cause"))));
  }
}
