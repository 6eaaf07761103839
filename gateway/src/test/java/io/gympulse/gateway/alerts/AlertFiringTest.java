package io.gympulse.gateway.alerts;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.MutableClock;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Alerts fire on occupied→free, to their owner only, once, respecting quiet hours, expiry and cooldown. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AlertFiringTest {

  /** 12:00 in Hong Kong. */
  private static final Instant NOON_HK = Instant.parse("2026-11-26T04:00:00Z");
  /** Time is the test's: no heartbeat expiry while the clock jumps. */
  private static final Map<String, String> SETTINGS = Map.of("HEARTBEAT_WINDOW_MS", "86400000");

  private final MutableClock clock = new MutableClock(NOON_HK);
  private final Map<String, Long> seq = new HashMap<>();
  private final List<WsProbe> sockets = new ArrayList<>();
  /** Session tokens by member name; the signing key is fixed, so they survive restarts. */
  private final Map<String, String> tokens = new HashMap<>();
  private GuardedVertx guarded;
  private TestGateway gateway;
  private Alerts alerts;
  /** One hub per branch: a hub may only publish for its own branch's machines. */
  private final Map<String, MqttClient> hubs = new HashMap<>();

  @BeforeEach
  void start() {
    guarded = GuardedVertx.create();
    start(Stores.inMemory(clock));
  }

  private void start(Stores stores) {
    gateway = TestGateway.start(guarded.vertx(), SETTINGS, stores, clock);
    alerts = new Alerts(gateway.httpPort());
  }

  @AfterEach
  void stop() {
    sockets.forEach(WsProbe::close);
    closeHubs();
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  private String token(String member) {
    return tokens.computeIfAbsent(member, m -> alerts.newSession());
  }

  private WsProbe connect(String member) {
    WsProbe probe = WsProbe.connect(guarded.vertx(), gateway.httpPort(), member == null ? "/ws" : "/ws?token=" + token(member));
    sockets.add(probe);
    return probe;
  }

  /** A device report stamped with the test clock, through the hub of the machine's branch. */
  private void report(String machineId, String status) throws Exception {
    String gym = TestGateway.CATALOG.machine(machineId).orElseThrow().gymId();
    MqttClient hub = hubs.get(gym);
    if (hub == null) {
      hub = Devices.connect(gateway.mqttPort(), "gym-" + gym + "-hub");
      hubs.put(gym, hub);
    }
    long next = seq.merge(machineId, 1L, Long::sum);
    hub.publish(Devices.topic(gym, machineId), Devices.status(status, clock.seconds(), next), 1, false);
  }

  private void closeHubs() {
    hubs.values().forEach(Devices::closeQuietly);
    hubs.clear();
  }

  private void freesUp(String machineId) throws Exception {
    report(machineId, "occupied");
    report(machineId, "free");
  }

  private String create(String member, JsonObject body) {
    var response = alerts.create(token(member), body);
    assertEquals(201, response.status(), response.text());
    return response.<JsonObject>json().getString("alertId");
  }

  /** No alert reached this socket: a ping sent after the transition is answered after anything queued before it. */
  private static void assertNoAlert(WsProbe socket) {
    socket.send(new JsonObject().put("action", "ping"));
    JsonObject pong = socket.next(m -> "pong".equals(m.getString("type")) || "alert".equals(m.getString("type")), 5);
    assertEquals("pong", pong.getString("type"), "unexpected alert " + pong);
  }

  /** Verifies that a machine alert reaches every connection of its owner, no one else, and only once. */
  @Test
  void machineAlertFiresOnceToItsOwnerOnly() throws Exception {
    // GIVEN alice on two devices, bob, and an anonymous client; alice waits for the leg press
    WsProbe alicePhone = connect("alice");
    WsProbe aliceBrowser = connect("alice");
    WsProbe bob = connect("bob");
    WsProbe anonymous = connect(null);
    String alertId = create("alice", new JsonObject().put("machineId", MACHINE));

    // WHEN the leg press frees up
    freesUp(MACHINE);

    // THEN both of alice's connections get the alert, and nobody else does
    for (WsProbe socket : List.of(alicePhone, aliceBrowser)) {
      JsonObject alert = socket.next("alert", 5);
      assertEquals(alertId, alert.getString("alertId"));
      assertEquals(MACHINE, alert.getString("machineId"));
      assertEquals(GYM, alert.getString("gymId"));
      assertEquals("legs", alert.getString("category"));
      assertEquals("free", alert.getString("status"));
      assertEquals(clock.instant().toString(), alert.getString("firedAt"));
      assertEquals("Leg Press 1 at GymPulse Central (Caine Road) is free now", alert.getString("message"));
    }
    assertNoAlert(bob);
    assertNoAlert(anonymous);

    // AND when it frees up again, the one-shot alert does not fire twice
    freesUp(MACHINE);
    assertNoAlert(alicePhone);
    JsonObject listed = alerts.list(token("alice")).<JsonArray>json().getJsonObject(0);
    assertEquals("fired", listed.getString("status"));
  }

  /** Verifies that a category alert fires for any machine of its category at its branch, and only those. */
  @Test
  void categoryAlertFiresForAnyMachineOfTheCategory() throws Exception {
    WsProbe alice = connect("alice");
    create("alice", new JsonObject().put("gymId", GYM).put("category", "legs"));

    freesUp("treadmill-centralc-01"); // cardio: not the alert's category
    freesUp("legpress-causewayh-01"); // legs, but another branch
    assertNoAlert(alice);

    freesUp(OTHER_MACHINE);
    assertEquals(OTHER_MACHINE, alice.next("alert", 5).getString("machineId"));
  }

  /** Verifies that quiet hours spanning midnight, in the branch's zone (Asia/Hong_Kong), hold an alert back until they end. */
  @Test
  void quietHoursAcrossMidnightHoldTheAlertUntilMorning() throws Exception {
    // GIVEN an alert with quiet hours 22:00–07:00, created at 23:30 Hong Kong time
    clock.set(Instant.parse("2026-11-26T15:30:00Z"));
    WsProbe alice = connect("alice");
    create("alice", new JsonObject().put("machineId", MACHINE).put("expiresInMinutes", 1440)
        .put("quietHours", new JsonObject().put("start", "22:00").put("end", "07:00")));

    // WHEN the machine frees up at 23:30 and at 06:59
    freesUp(MACHINE);
    clock.set(Instant.parse("2026-11-26T22:59:00Z"));
    freesUp(MACHINE);

    // THEN nothing yet
    assertNoAlert(alice);

    // WHEN it frees up at 07:01
    clock.set(Instant.parse("2026-11-26T23:01:00Z"));
    freesUp(MACHINE);

    // THEN the alert fires
    assertEquals("2026-11-26T23:01:00Z", alice.next("alert", 5).getString("firedAt"));
  }

  /** Verifies that an expired alert does not fire and is listed as expired. */
  @Test
  void expiredAlertDoesNotFire() throws Exception {
    WsProbe alice = connect("alice");
    create("alice", new JsonObject().put("machineId", MACHINE).put("expiresInMinutes", 1));

    clock.advance(Duration.ofMinutes(2));
    freesUp(MACHINE);

    assertNoAlert(alice);
    assertEquals("expired", alerts.list(token("alice")).<JsonArray>json().getJsonObject(0).getString("status"));
  }

  /** Verifies that a repeating alert waits out its cooldown, so a flapping sensor cannot spam. */
  @Test
  void repeatingAlertWaitsOutItsCooldown() throws Exception {
    WsProbe alice = connect("alice");
    create("alice", new JsonObject().put("machineId", MACHINE).put("oneShot", false).put("cooldownMinutes", 10));

    freesUp(MACHINE);
    alice.next("alert", 5);

    clock.advance(Duration.ofMinutes(5));
    freesUp(MACHINE);
    assertNoAlert(alice);

    clock.advance(Duration.ofMinutes(6));
    freesUp(MACHINE);
    alice.next("alert", 5);
    assertEquals("pending", alerts.list(token("alice")).<JsonArray>json().getJsonObject(0).getString("status"));
  }

  /** Verifies that pending alerts survive a restart, on the in-memory store and on DynamoDB. */
  @Test
  void pendingAlertSurvivesRestart() throws Exception {
    gateway.stop();
    Stores memory = Stores.inMemory(clock);
    assertAlertSurvivesRestart(memory);
    try (DynamoFixture dynamo = DynamoFixture.start()) {
      assertAlertSurvivesRestart(dynamo.stores(guarded.vertx(), dynamo.newTables()));
    }
    start(Stores.inMemory(clock)); // for @AfterEach
  }

  private void assertAlertSurvivesRestart(Stores stores) throws Exception {
    start(stores);
    String alertId = create("alice", new JsonObject().put("machineId", MACHINE));
    closeHubs();
    gateway.stop();

    start(stores);
    WsProbe alice = connect("alice");
    freesUp(MACHINE);
    assertEquals(alertId, alice.next("alert", 5).getString("alertId"));
    assertTrue(sockets.remove(alice));
    alice.close();
    closeHubs();
    gateway.stop();
  }
}
