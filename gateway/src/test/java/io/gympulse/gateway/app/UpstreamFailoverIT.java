package io.gympulse.gateway.app;

import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.Dynalite;
import io.gympulse.gateway.testing.GatewayProcess;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.Upstream;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover with real processes: three packaged-jar gateways on one Mosquitto and one dynalite, one killed with
 * SIGKILL while a branch hub publishes, and a replacement with a new instance id, as ECS replaces a task.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UpstreamFailoverIT {

  private static final String GYM = Devices.GYM;
  private static final int RATE = 200;
  private static final int SECONDS = 10;
  private static final int MACHINES = 20;
  /**
   * How long after the last publish every acknowledged one must be stored: 15 s, as the issue asks. Measured 2.2 to
   * 2.6 s on the 2-core development machine (9 to 10 s after the kill), with the four gateways, dynalite and
   * Mosquitto on the same two cores; both figures are printed.
   */
  private static final long STORED_WITHIN_MILLIS = 15_000;

  private final List<GatewayProcess> gateways = new ArrayList<>();
  private final List<WsProbe> probes = new ArrayList<>();
  private Vertx vertx;
  private Mosquitto broker;
  private Dynalite dynalite;
  private MqttAsyncClient hub;
  /** Started as gw-3 dies; stopped after the test whether or not the test got as far as using it. */
  private final CompletableFuture<GatewayProcess> replacement = new CompletableFuture<>();

  @AfterEach
  void stop() throws Exception {
    probes.forEach(WsProbe::close);
    if (hub != null && hub.isConnected()) {
      hub.disconnect().waitForCompletion(5_000);
    }
    for (GatewayProcess gateway : gateways) {
      gateway.close();
    }
    if (replacement.isDone() && !replacement.isCompletedExceptionally()) {
      replacement.join().close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  /**
   * Verifies that when one of three instances is killed (SIGKILL) while a hub publishes 200 transitions a second for
   * 10 s, and a replacement with a new instance id starts, every transition the broker acknowledged is stored exactly
   * once soon after the last publish (see {@link #STORED_WITHIN_MILLIS}), and the dead instance's WebSocket client, reconnecting to a survivor, gets a
   * snapshot equal to that survivor's REST answer, while members on the survivors are told of every transition.
   */
  @Test
  void killingAnInstanceDuringPublishingLosesNothingAndStoresEachTransitionOnce() throws Exception {
    // GIVEN a broker, dynalite, and three gateways following the broker on one set of tables
    vertx = Vertx.vertx();
    broker = Mosquitto.start(false);
    dynalite = Dynalite.start();
    gateways.add(GatewayProcess.start(env("gw-1")).awaitListening(90)); // the first creates the tables
    gateways.add(GatewayProcess.start(env("gw-2")));
    gateways.add(GatewayProcess.start(env("gw-3")));
    for (GatewayProcess gateway : gateways) {
      gateway.awaitListening(90);
      awaitUpstream(gateway);
    }
    GatewayProcess survivor = gateways.get(0);
    GatewayProcess doomed = gateways.get(2);
    WsProbe member = WsProbe.connect(vertx, doomed.httpPort()).subscribe("branches/" + GYM);
    member.next("snapshot", 10);
    probes.add(member);
    List<Machine> machines = TestGateway.CATALOG.machines().stream().filter(m -> GYM.equals(m.gymId())).limit(MACHINES)
        .toList();
    // and on each survivor a member following every category those machines are in
    String[] categories = machines.stream().map(m -> "branches/" + GYM + "/categories/" + m.category().wireName())
        .distinct().toArray(String[]::new);
    List<WsProbe> followers = new ArrayList<>();
    for (GatewayProcess gateway : gateways.subList(0, 2)) {
      WsProbe follower = WsProbe.connect(vertx, gateway.httpPort()).subscribe(categories);
      for (int i = 0; i < categories.length; i++) {
        follower.next("snapshot", 10);
      }
      followers.add(follower);
      probes.add(follower);
    }
    hub = connectHub();

    // WHEN the hub publishes 200 transitions a second for 10 s, and gw-3 is killed 3 s in and replaced
    Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
    Map<String, Set<Long>> published = new HashMap<>();
    long startMillis = (long) (Devices.now() - 60) * 1000; // whole milliseconds: events are keyed by the millisecond
    long began = System.nanoTime();
    long killed = 0;
    for (int i = 0; i < RATE * SECONDS; i++) {
      long due = began + i * 1_000_000_000L / RATE;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (i == RATE * 3) {
        killed = System.nanoTime();
        doomed.kill();
        System.out.println("failover: gw-3 killed at " + LocalTime.now() + " (the logs are in target/gateway-logs)");
        CompletableFuture.runAsync(() -> replacement.complete(startReplacement()));
      }
      Machine machine = machines.get(i % MACHINES);
      int round = i / MACHINES;
      long millis = startMillis + i;
      published.computeIfAbsent(machine.machineId(), id -> new HashSet<>()).add(millis);
      String status = round % 2 == 0 ? "occupied" : "free";
      hub.publish(Devices.topic(GYM, machine.machineId()), Devices.status(status, millis / 1000.0, round + 1), 1, false,
          null, acknowledgedInto(acknowledged, machine.machineId(), millis));
    }
    long lastPublish = System.nanoTime();
    System.out.println("failover: last publish at " + LocalTime.now());

    // THEN soon every acknowledged transition is in events, each once, and nothing else is (asked once a second: the
    // questions load dynalite, which the instances are writing to)
    long deadline = lastPublish + TimeUnit.MILLISECONDS.toNanos(STORED_WITHIN_MILLIS);
    Set<String> complete = new HashSet<>();
    while (!allStored(survivor, acknowledged, complete) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
    }
    long storedAfterMillis = (System.nanoTime() - lastPublish) / 1_000_000;
    long storedAfterKillMillis = (System.nanoTime() - killed) / 1_000_000;
    int publishedCount = published.values().stream().mapToInt(Set::size).sum();
    int acknowledgedCount = acknowledged.values().stream().mapToInt(Set::size).sum();
    int stored = 0;
    int duplicates = 0;
    int missing = 0;
    int unexpected = 0;
    for (Machine machine : machines) {
      List<Long> rows = storedMillis(survivor, machine.machineId());
      stored += rows.size();
      duplicates += rows.size() - new HashSet<>(rows).size();
      Set<Long> expected = acknowledged.getOrDefault(machine.machineId(), Set.of());
      missing += (int) expected.stream().filter(millis -> !rows.contains(millis)).count();
      unexpected += (int) rows.stream().filter(millis -> !expected.contains(millis)).count();
    }
    String counts = String.format("failover: published=%d acknowledged=%d stored=%d duplicates=%d missing=%d "
        + "unexpected=%d stored_within_ms=%d (of the last publish; %d of the kill)", publishedCount, acknowledgedCount,
        stored, duplicates, missing, unexpected, storedAfterMillis, storedAfterKillMillis);
    System.out.println(counts);
    if (missing + unexpected + duplicates > 0 || storedAfterMillis > STORED_WITHIN_MILLIS) {
      counts += "\nadoptions:\n" + adoptionLog();
    }
    assertEquals(RATE * SECONDS, publishedCount, counts);
    assertEquals(0, missing, counts);
    assertEquals(0, unexpected, counts);
    assertEquals(0, duplicates, counts);
    assertEquals(acknowledgedCount, stored, counts);
    assertTrue(storedAfterMillis <= STORED_WITHIN_MILLIS, "not all stored in time: " + counts);

    // AND the members on the survivors were told of the transitions, ending with each machine's last; a member that
    // falls behind gets the latest state of a machine instead of every step (conflation), so the count is printed
    for (WsProbe follower : followers) {
      Set<String> told = new HashSet<>();
      Map<String, Long> lastTold = new HashMap<>();
      try {
        waitUntil(() -> {
          follower.drain().stream().filter(m -> "machine".equals(m.getString("type"))).forEach(m -> {
            long millis = Math.round(m.getDouble("timestamp") * 1000);
            told.add(m.getString("machineId") + "@" + millis);
            lastTold.merge(m.getString("machineId"), millis, Math::max);
          });
          return told.size() >= publishedCount;
        }, Duration.ofSeconds(10));
      } catch (AssertionError conflated) {
        // checked below: every machine's last transition arrived
      }
      System.out.printf("failover: a survivor's member was told %d of %d transitions%n", told.size(), publishedCount);
      for (Machine machine : machines) {
        assertEquals(published.get(machine.machineId()).stream().max(Long::compare).orElseThrow(),
            lastTold.get(machine.machineId()), "last transition of " + machine.machineId() + " told to a member");
      }
    }

    // AND the dead instance's member lost its connection, and on a survivor gets what that survivor's REST says
    waitUntil(() -> member.closedAtNanos() != 0, Duration.ofSeconds(10));
    WsProbe again = WsProbe.connect(vertx, survivor.httpPort()).subscribe("branches/" + GYM);
    probes.add(again);
    JsonObject snapshot = again.next("snapshot", 10);
    assertEquals(Http.get(survivor.httpPort(), "/branches/" + GYM).json(), snapshot.getValue("data"));
    // AND the replacement serves the same state
    gateways.add(replacement.get(120, TimeUnit.SECONDS));
    GatewayProcess replaced = gateways.get(gateways.size() - 1);
    awaitUpstream(replaced);
    waitUntil(() -> Http.get(replaced.httpPort(), "/branches/" + GYM).json()
        .equals(Http.get(survivor.httpPort(), "/branches/" + GYM).json()), Duration.ofSeconds(10));
  }

  private Map<String, String> env(String instanceId) {
    Map<String, String> env = new HashMap<>(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "SIMULATOR", "off",
        "STORE", "dynamodb", "DYNAMODB_ENDPOINT", dynalite.endpoint().toString(), "CREATE_TABLES", "true",
        "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "INSTANCE_ID", instanceId,
        "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000"));
    env.put("JWT_SECRET", TestGateway.TEST_JWT_SECRET);
    return env;
  }

  private GatewayProcess startReplacement() {
    try {
      return GatewayProcess.start(env("gw-4")).awaitListening(90);
    } catch (Exception e) {
      throw new IllegalStateException("the replacement did not start", e);
    }
  }

  private MqttAsyncClient connectHub() throws Exception {
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + broker.port(), Devices.HUB_CLIENT_ID,
        new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(RATE * SECONDS);
    options.setCleanSession(true);
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private static IMqttActionListener acknowledgedInto(Map<String, Set<Long>> acknowledged, String machineId,
      long millis) {
    return new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        acknowledged.computeIfAbsent(machineId, id -> ConcurrentHashMap.newKeySet()).add(millis);
      }

      @Override
      public void onFailure(IMqttToken token, Throwable failure) {
        // not acknowledged by the broker: nothing is promised for it
      }
    };
  }

  /**
   * Whether every machine's stored transitions are its acknowledged ones, asking for all machines at once; machines
   * found complete are not asked again.
   */
  private static boolean allStored(GatewayProcess gateway, Map<String, Set<Long>> acknowledged, Set<String> complete)
      throws InterruptedException {
    List<Callable<String>> checks = new ArrayList<>();
    acknowledged.forEach((machineId, expected) -> {
      if (!complete.contains(machineId)) {
        checks.add(() -> new HashSet<>(storedMillis(gateway, machineId)).equals(expected) ? machineId : null);
      }
    });
    ExecutorService askers = Executors.newFixedThreadPool(Math.max(1, checks.size()));
    try {
      for (Future<String> check : askers.invokeAll(checks)) {
        String machineId = check.get();
        if (machineId != null) {
          complete.add(machineId);
        }
      }
    } catch (ExecutionException slow) {
      // a question that timed out while dynalite is busy is asked again on the next round
      System.out.println("failover: asking for stored transitions failed, asking again: " + slow.getCause());
    } finally {
      askers.shutdownNow();
    }
    return complete.containsAll(acknowledged.keySet());
  }

  /** What the gateways logged about adopting the dead instance's session, for a failure message. */
  private String adoptionLog() {
    StringBuilder log = new StringBuilder();
    for (GatewayProcess gateway : gateways) {
      gateway.output().stream().filter(line -> line.contains("adopt") || line.contains("session left")
          || line.contains("released")).forEach(line -> log.append(line).append('\n'));
    }
    return log.toString();
  }

  /** The device timestamps (epoch ms) of a machine's stored transitions, as the history API returns them. */
  private static List<Long> storedMillis(GatewayProcess gateway, String machineId) {
    JsonArray events = Http.get(gateway.httpPort(), "/machines/" + machineId + "/history?limit=1000").<JsonObject>json()
        .getJsonArray("events");
    assertNotNull(events, "history of " + machineId);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      millis.add(Math.round(events.getJsonObject(i).getDouble("timestamp") * 1000));
    }
    return millis;
  }

  private static void awaitUpstream(GatewayProcess gateway) throws InterruptedException {
    Upstream.awaitUp(gateway.httpPort(), Duration.ofSeconds(30));
    assertTrue(gateway.httpPort() > 0);
  }
}
