package io.gympulse.gateway.upstream;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.aggregates.AggregateStore;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryAlertStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;
import io.gympulse.gateway.testing.CuttableProxy;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.ForwardingMachineStore;
import io.gympulse.gateway.testing.Futures;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.MutableClock;
import io.gympulse.gateway.testing.ResponseContract;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.Upstream;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gateway instances on one broker: every instance follows every device, so members see the same on any of them. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UpstreamModeTest {

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
          "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_UPSTREAM_CONNECTIONS", "2",
          "MQTT_PLAIN", "off"),
          TestGateway.machineStore());
      gateways.add(gateway);
      String topic = "machines/" + MACHINE;
      WsProbe member = WsProbe.connect(guarded.vertx(), gateway.httpPort()).subscribe(topic);
      member.next("snapshot", 5);
      members.add(member);
    }
    awaitUpstream(); // the broker delivers only to subscriptions it has acknowledged

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

  /**
   * Verifies that, with two instances on one store, each transition a device publishes to the broker is written
   * once (by the instance the shared subscription gives it to), not once per instance, and that every one is stored.
   */
  @Test
  void eachTransitionIsStoredOnceAcrossInstances() throws Exception {
    // GIVEN a broker and two instances sharing one store that counts its writes
    broker = Mosquitto.start(false);
    AtomicInteger writes = twoInstancesOnOneCountingStore(Map.of());

    // WHEN the device publishes 20 transitions
    publishTransitions(20);

    // THEN both instances show the last one, and the store got exactly 20 writes: each transition once
    for (TestGateway gateway : gateways) {
      waitUntil(() -> "free".equals(Http.get(gateway.httpPort(), "/machines/" + MACHINE).<JsonObject>json()
          .getString("status")), Duration.ofSeconds(10));
    }
    waitUntil(() -> writes.get() >= 20, Duration.ofSeconds(10));
    Thread.sleep(1_000);
    assertEquals(20, writes.get(), "writes of 20 transitions by two instances");
    assertEquals(20, Http.get(gateways.get(0).httpPort(), "/machines/" + MACHINE + "/history?limit=100").<JsonObject>json()
        .getJsonArray("events").size());
  }

  /**
   * Verifies that {@code /ready} names the broker and each connection, in the documented shape, and turns degraded
   * (still 200) while the broker is down and ready again once the connections are back.
   */
  @Test
  void readinessSaysWhetherTheBrokerIsReachable() throws Exception {
    broker = Mosquitto.start(false);
    TestGateway gateway = TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-a",
        "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_UPSTREAM_CONNECTIONS", "2", "MQTT_PLAIN", "off"),
        TestGateway.machineStore());
    gateways.add(gateway);

    try (ResponseContract contract = ResponseContract.load()) {
      waitUntil(() -> "ready".equals(ready(gateway).<JsonObject>json().getString("status")));
      Http.Response up = ready(gateway);
      contract.check("getReady", up);
      JsonObject upstream = up.<JsonObject>json().getJsonObject("upstream");
      assertEquals("mqtt://127.0.0.1:" + broker.port(), upstream.getString("broker"));
      assertEquals(List.of("peers", "durable", "live", "live"), upstream.getJsonArray("connections").stream()
          .map(connection -> ((JsonObject) connection).getString("path")).toList());

      broker.stop();
      waitUntil(() -> "degraded".equals(ready(gateway).<JsonObject>json().getString("status")));
      Http.Response down = ready(gateway);
      contract.check("getReady", down);
      assertEquals(200, down.status());
      assertEquals("degraded", down.<JsonObject>json().getJsonObject("upstream").getString("status"));

      broker.startAgain();
      waitUntil(() -> "ready".equals(ready(gateway).<JsonObject>json().getString("status")), Duration.ofSeconds(20));
    }
  }

  /**
   * Verifies that a machine that falls silent is shown offline by both instances, and that its offline transition is
   * stored once: by the instance that stored its last report.
   */
  @Test
  void heartbeatExpiryIsStoredOnceAcrossInstances() throws Exception {
    broker = Mosquitto.start(false);
    AtomicInteger writes = twoInstancesOnOneCountingStore(Map.of("HEARTBEAT_WINDOW_MS", "1000"));
    MqttClient device = Devices.connect(broker.port(), Devices.MACHINE_CLIENT_ID);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    device.disconnect();
    device.close();

    for (TestGateway gateway : gateways) {
      waitUntil(() -> "offline".equals(status(gateway)), Duration.ofSeconds(10));
    }
    Thread.sleep(1_000);
    assertEquals(2, writes.get(), "the report and the expiry, each once");
  }

  /**
   * Verifies that a device that vanishes is shown offline by both instances at once through its Last Will (which the
   * broker publishes), long before its heartbeat window ends, and that the offline transition is stored once.
   */
  @Test
  void lastWillIsShownEverywhereAndStoredOnce() throws Exception {
    broker = Mosquitto.start(false);
    AtomicInteger writes = twoInstancesOnOneCountingStore(Map.of());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setWill(Devices.topic(GYM, MACHINE), "{\"status\":\"offline\"}".getBytes(), 1, false);
    MqttClient device = Devices.connect(broker.port(), Devices.MACHINE_CLIENT_ID, options);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    for (TestGateway gateway : gateways) {
      waitUntil(() -> "occupied".equals(status(gateway)));
    }

    device.disconnectForcibly(0, 0, false); // the connection drops without DISCONNECT: the broker sends the Will
    device.close();

    for (TestGateway gateway : gateways) {
      waitUntil(() -> "offline".equals(status(gateway)), Duration.ofSeconds(5));
    }
    Thread.sleep(1_000);
    assertEquals(2, writes.get(), "the report and the Will, each once");
  }

  /**
   * Verifies that in upstream mode the simulator's hubs publish to the broker, like real devices: an instance
   * without a simulator shows the machines the other instance's simulator drives.
   */
  @Test
  void simulatorPublishesToTheBrokerSoEveryInstanceSeesIt() throws Exception {
    broker = Mosquitto.start(false);
    String upstream = "mqtt://127.0.0.1:" + broker.port();
    gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-b", "MQTT_UPSTREAM", upstream,
        "MQTT_PLAIN", "off"), TestGateway.machineStore()));
    awaitUpstream(); // the broker delivers only to subscriptions it has acknowledged
    gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-a", "MQTT_UPSTREAM", upstream,
        "MQTT_PLAIN", "off", "SIMULATOR", "on"), TestGateway.machineStore()));

    TestGateway withoutSimulator = gateways.get(0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int offline;
    do {
      Thread.sleep(250); // polled slowly: the REST rate limit allows 600 requests a minute from one address
      offline = Http.get(withoutSimulator.httpPort(), "/branches/" + GYM).<JsonObject>json().getJsonObject("totals")
          .getInteger("offline");
    } while (offline > 0 && System.nanoTime() < deadline);
    assertEquals(0, offline, "machines of the branch still offline on the instance without the simulator");
  }

  /**
   * Verifies that an instance that stops gracefully (a rolling deploy) releases its shared subscription, so the
   * broker gives every later message to the instances still running instead of keeping some for a session that will
   * not come back: all 20 transitions published after the stop are stored.
   */
  @Test
  void gracefulStopReleasesTheSharedSubscriptionSoNothingIsStranded() throws Exception {
    broker = Mosquitto.start(false);
    AtomicInteger writes = twoInstancesOnOneCountingStore(Map.of());
    Futures.await(gateways.remove(0).gateway().stop());

    publishTransitions(20);

    waitUntil(() -> writes.get() >= 20, Duration.ofSeconds(10));
    assertEquals(20, writes.get());
  }

  /**
   * Verifies that two instances that close the same occupancy bins into one store write each bin once: the first
   * instance's bin is kept, and the other instance writes nothing.
   */
  @Test
  void eachClosedBinIsWrittenOnceAcrossInstances() throws Exception {
    broker = Mosquitto.start(false);
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(OccupancyBin.startOf(Instant.now().getEpochSecond()) + 60));
    List<String> writes = new CopyOnWriteArrayList<>();
    AggregateStore counting = new CountingBins(new InMemoryAggregateStore(clock), writes);
    for (String instance : List.of("gw-a", "gw-b")) {
      Stores stores = new Stores(TestGateway.machineStore(), new InMemoryConnectionStore(), new InMemoryAlertStore(),
          counting, () -> { });
      gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", instance,
          "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_PLAIN", "off"), stores, clock));
    }

    // WHEN the bin every branch category is in closes, on both instances
    clock.advance(Duration.ofMinutes(15));

    // THEN every bin is written once (the recorder ticks every 5 s)
    int binsPerInstance = TestGateway.CATALOG.branches().size() * Category.values().length;
    waitUntil(() -> writes.size() >= binsPerInstance, Duration.ofSeconds(15));
    Thread.sleep(6_000); // a tick later, the other instance has had its turn too
    assertEquals(binsPerInstance, writes.size());
    assertEquals(binsPerInstance, Set.copyOf(writes).size(), "no bin written twice: " + writes);
  }

  /** Records the bins a store actually wrote: every plain put, and each conditional put that won. */
  private static final class CountingBins implements AggregateStore {
    private final AggregateStore delegate;
    private final List<String> written;

    CountingBins(AggregateStore delegate, List<String> written) {
      this.delegate = delegate;
      this.written = written;
    }

    @Override
    public Future<Void> put(OccupancyBin bin) {
      written.add(bin.gymCategory() + "@" + bin.binStart());
      return delegate.put(bin);
    }

    @Override
    public Future<Boolean> putIfAbsent(OccupancyBin bin) {
      return delegate.putIfAbsent(bin).onSuccess(won -> {
        if (won) {
          written.add(bin.gymCategory() + "@" + bin.binStart());
        }
      });
    }

    @Override
    public Future<List<OccupancyBin>> range(String gymId, Category category, long fromSeconds, long toSeconds) {
      return delegate.range(gymId, category, fromSeconds, toSeconds);
    }
  }

  /**
   * Verifies that when an instance dies (its connections drop for good, as when its task is killed), a survivor
   * adopts its durable session, so the messages the broker keeps giving that session are stored too: all 20
   * transitions published right after the death are stored, not only the survivor's share.
   */
  @Test
  void theSessionOfAnInstanceThatDiesIsAdoptedSoNothingIsStranded() throws Exception {
    broker = Mosquitto.start(false);
    CuttableProxy network = CuttableProxy.start(guarded.vertx(), broker.port());
    AtomicInteger writes = new AtomicInteger();
    MachineStore shared = countingStore(writes);
    gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-a",
        "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + network.port(), "MQTT_PLAIN", "off"), TestGateway.stores(shared)));
    gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-b",
        "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_PLAIN", "off"), TestGateway.stores(shared)));
    awaitUpstream(); // the broker delivers only to subscriptions it has acknowledged

    // WHEN gw-a dies and the device publishes 20 transitions at once
    network.block();
    publishTransitions(20);

    // THEN all 20 are stored once, those the broker gave gw-a's session included
    waitUntil(() -> writes.get() >= 20, Duration.ofSeconds(15));
    Thread.sleep(1_000);
    assertEquals(20, writes.get());
  }

  /**
   * Verifies that an instance cut off from the broker while the others went on catches up from the store when it is
   * back: what was published meanwhile (and stored by the other instance) shows on it within 5 s.
   */
  @Test
  void anInstanceBackFromAPartitionCatchesUpFromTheStore() throws Exception {
    // GIVEN two instances on one store, gw-b behind a network that will fail, both showing two machines occupied
    broker = Mosquitto.start(false);
    CuttableProxy network = CuttableProxy.start(guarded.vertx(), broker.port());
    MachineStore shared = TestGateway.machineStore();
    gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-a",
        "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_PLAIN", "off"), TestGateway.stores(shared)));
    gateways.add(TestGateway.start(guarded.vertx(), Map.of("INSTANCE_ID", "gw-b",
        "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + network.port(), "MQTT_PLAIN", "off"), TestGateway.stores(shared)));
    awaitUpstream();
    MqttClient hub = Devices.connect(broker.port(), Devices.HUB_CLIENT_ID);
    double start = Devices.now() - 60;
    List<String> machines = List.of(MACHINE, Devices.OTHER_MACHINE);
    for (String machine : machines) {
      hub.publish(Devices.topic(GYM, machine), Devices.status("occupied", start, 1), 1, false);
    }
    waitUntil(() -> machines.stream().allMatch(machine -> "occupied".equals(status(gateways.get(1), machine))),
        Duration.ofSeconds(10));

    // WHEN gw-b is cut off, both machines free up meanwhile (the broker deals them to gw-a's and gw-b's sessions),
    // and gw-b's network comes back
    network.block();
    waitUntil(() -> !"up".equals(Upstream.status(gateways.get(1).httpPort())));
    for (String machine : machines) {
      hub.publish(Devices.topic(GYM, machine), Devices.status("free", start + 1, 2), 1, false);
    }
    waitUntil(() -> machines.stream().allMatch(machine -> "free".equals(status(gateways.get(0), machine))),
        Duration.ofSeconds(10));
    Thread.sleep(500); // gw-a has stored them
    network.unblock();
    Devices.closeQuietly(hub);

    // THEN gw-b shows both free within 5 s of being back
    awaitUpstream();
    waitUntil(() -> machines.stream().allMatch(machine -> "free".equals(status(gateways.get(1), machine))),
        Duration.ofSeconds(5));
  }

  private static String status(TestGateway gateway, String machineId) {
    return Http.get(gateway.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  private AtomicInteger twoInstancesOnOneCountingStore(Map<String, String> settings) throws InterruptedException {
    AtomicInteger writes = new AtomicInteger();
    MachineStore shared = countingStore(writes);
    for (String instance : List.of("gw-a", "gw-b")) {
      Map<String, String> env = new HashMap<>(settings);
      env.putAll(Map.of("INSTANCE_ID", instance, "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(),
          "MQTT_PLAIN", "off"));
      gateways.add(TestGateway.start(guarded.vertx(), env, TestGateway.stores(shared)));
    }
    awaitUpstream(); // the broker delivers only to subscriptions it has acknowledged
    return writes;
  }

  /** Waits until every instance's broker connections are up and subscribed, as its {@code /ready} says. */
  private void awaitUpstream() throws InterruptedException {
    for (TestGateway gateway : gateways) {
      Upstream.awaitUp(gateway.httpPort(), Duration.ofSeconds(20));
    }
  }

  /** A device publishes {@code count} transitions (occupied, free, ...) to the broker at QoS 1, as fast as it can. */
  private void publishTransitions(int count) throws Exception {
    // Paho completes a QoS 1 publish before it frees its in-flight slot, so back-to-back publishes could exceed its
    // default window of 10 ("Too many publishes in progress", seen once; eclipse-paho/paho.mqtt.java#551): give it room
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(count);
    MqttClient device = Devices.connect(broker.port(), Devices.MACHINE_CLIENT_ID, options);
    double start = Devices.now() - 60;
    for (int seq = 1; seq <= count; seq++) {
      device.publish(Devices.topic(GYM, MACHINE), Devices.status(seq % 2 == 1 ? "occupied" : "free", start + seq, seq),
          1, false);
    }
    device.disconnect();
    device.close();
  }

  /** An in-memory store that counts its writes. */
  private static MachineStore countingStore(AtomicInteger writes) {
    return new ForwardingMachineStore(TestGateway.machineStore()) {
      @Override
      public Future<Void> recordTransition(MachineEvent event, MachineState state) {
        writes.incrementAndGet();
        return super.recordTransition(event, state);
      }
    };
  }

  private static String status(TestGateway gateway) {
    return Http.get(gateway.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status");
  }

  private static Http.Response ready(TestGateway gateway) {
    return Http.get(gateway.httpPort(), "/ready");
  }
}
